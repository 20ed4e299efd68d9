package org.residuallab.exercise;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Layer;

/** The checker accepts a right backward and, without throwing, rejects the usual wrong ones. */
class ResidualExerciseTest {

    /** out = F(x) + λx with a pluggable backward (dOut, dBody) -> dX, where dBody = body.backward(dOut) is called first. */
    static final class Student extends Layer {
        private final Layer body;
        private final double lambda;
        private final BiFunction<Student, INDArray, INDArray> backward;

        Student(Layer body, double lambda, BiFunction<Student, INDArray, INDArray> backward) {
            super("student");
            this.body = body;
            this.lambda = lambda;
            this.backward = backward;
        }

        @Override protected INDArray doForward(INDArray x) { return body.forward(x).add(x.mul(lambda)); }
        @Override protected INDArray doBackward(INDArray dOut) { return backward.apply(this, dOut); }
        @Override public int outputWidth(int in) { return in; }
        @Override public List<Layer> children() { return List.of(body); }
    }

    private static Verdict check(BiFunction<Student, INDArray, INDArray> backward) {
        return ResidualExercise.check((body, lambda) -> new Student(body, lambda, backward));
    }

    @Test
    void acceptsTheRightBackward() {
        Verdict v = check((s, dOut) -> s.body.backward(dOut).add(dOut.mul(s.lambda)));
        assertTrue(v.correct(), v.toString());
        assertTrue(v.toString().startsWith("✔ correct"));
    }

    @Test
    void rejectsTheShippedZeroStubSayingGradientsAreZero() {
        Verdict v = check((s, dOut) -> dOut.mul(0));
        assertFalse(v.correct());
        assertTrue(v.toString().startsWith("✘ not yet correct"), v.toString());
        assertTrue(v.measured().stream().allMatch(n -> n.contains("is zero where")), v.toString());
    }

    @Test
    void rejectsAnUnscaledSkipButPassesTheBranchWeights() {
        Verdict v = check((s, dOut) -> s.body.backward(dOut).add(dOut));
        assertFalse(v.correct());
        assertTrue(v.measured().get(0).startsWith("dX") && v.measured().get(0).contains("disagrees"), v.toString());
        assertTrue(v.measured().stream().skip(1).allMatch(n -> n.contains("matches")), v.toString());
    }

    @Test
    void rejectsAForgottenSkip() {
        Verdict v = check((s, dOut) -> s.body.backward(dOut));
        assertFalse(v.correct());
        assertTrue(v.measured().get(0).contains("disagrees"), v.toString());
    }

    @Test
    void reportsAnExceptionInsteadOfThrowingIt() {
        Verdict v = check((s, dOut) -> { throw new IllegalStateException("not written yet"); });
        assertFalse(v.correct());
        assertTrue(v.toString().contains("threw IllegalStateException: not written yet"), v.toString());
    }

    @Test
    void namesAWrongShape() {
        Verdict v = check((s, dOut) -> dOut.reshape(1, dOut.length()));
        assertFalse(v.correct());
        assertTrue(v.toString().contains("shape (1, 20) but x has shape (4, 5)"), v.toString());
    }

    @Test
    void neverPrintsTheExpectedValues() {
        Verdict v = check((s, dOut) -> s.body.backward(dOut));
        assertFalse(v.toString().contains("numeric"), "no finite-difference values are shown: " + v);
    }
}
