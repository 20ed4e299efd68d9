package org.residuallab.exercise;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The option-A checker accepts a right forward and backward and, without throwing, rejects the usual wrong ones. */
class ShortcutExerciseTest {

    /** The right forward, written as a student would: loops over the kept pixels of x's channels. */
    static INDArray forward(INDArray x, int out, int s, boolean zerosFirst) {
        long B = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3), OH = (H + s - 1) / s, OW = (W + s - 1) / s;
        INDArray y = Nd4j.zeros(x.dataType(), B, out, OH, OW);
        long shift = zerosFirst ? out - C : 0;
        for (long b = 0; b < B; b++)
            for (long c = 0; c < C; c++)
                for (long i = 0; i < OH; i++)
                    for (long j = 0; j < OW; j++) y.putScalar(new long[] {b, c + shift, i, j}, x.getDouble(b, c, i * s, j * s));
        return y;
    }

    /** The right backward, or (spread) the usual mistake: every pixel of each s×s window gets the gradient. */
    static INDArray backward(INDArray dOut, long[] in, int s, boolean spread) {
        INDArray dX = Nd4j.zeros(dOut.dataType(), in);
        for (long b = 0; b < in[0]; b++)
            for (long c = 0; c < in[1]; c++)
                for (long i = 0; i < in[2]; i++)
                    for (long j = 0; j < in[3]; j++) {
                        if (!spread && (i % s != 0 || j % s != 0)) continue;
                        dX.putScalar(new long[] {b, c, i, j}, dOut.getDouble(b, c, i / s, j / s));
                    }
        return dX;
    }

    @Test
    void acceptsTheRightForwardAndBackward() {
        Verdict v = ShortcutExercise.check((x, o, s) -> forward(x, o, s, false), (g, in, s) -> backward(g, in, s, false));
        assertTrue(v.correct(), v.toString());
        assertTrue(v.toString().startsWith("✔ correct"), v.toString());
        assertEquals(6, v.measured().size(), "forward and backward of three cases");
    }

    @Test
    void rejectsABackwardThatSpreadsTheGradientOverTheWholeWindowAndSaysWhy() {
        Verdict v = ShortcutExercise.check((x, o, s) -> forward(x, o, s, false), (g, in, s) -> backward(g, in, s, true));
        assertFalse(v.correct());
        String last = v.measured().get(v.measured().size() - 1);
        assertTrue(last.startsWith("backward (x (2, 3, 6, 6), O = 5, stride 2)") && last.contains("never read got gradient")
                && last.contains("transpose test"), v.toString());
        assertFalse(v.hints().isEmpty());
    }

    @Test
    void rejectsZeroChannelsPutFirst() {
        Verdict v = ShortcutExercise.check((x, o, s) -> forward(x, o, s, true), (g, in, s) -> backward(g, in, s, false));
        assertFalse(v.correct());
        assertTrue(v.measured().get(0).contains("the zeros first"), v.toString());
    }

    @Test
    void rejectsTheShippedStubsAndCodeThatThrowsWithoutThrowing() {
        Verdict stub = ShortcutExercise.check((x, o, s) -> Nd4j.zeros(x.dataType(), x.size(0), o, (x.size(2) + s - 1) / s, (x.size(3) + s - 1) / s),
                (g, in, s) -> Nd4j.zeros(g.dataType(), in));
        assertFalse(stub.correct());
        assertTrue(stub.measured().get(0).contains("are not x at rows and columns 0, s, 2s"), stub.toString());
        Verdict keptAll = ShortcutExercise.check((x, o, s) -> Nd4j.zeros(x.dataType(), x.size(0), o, x.size(2), x.size(3)), (g, in, s) -> g);
        assertTrue(keptAll.measured().get(0).contains("only rows and columns 0, 2, 4, ... are kept"), keptAll.toString());
        Verdict threw = ShortcutExercise.check((x, o, s) -> { throw new IllegalStateException("todo"); }, (g, in, s) -> g);
        assertTrue(threw.measured().get(0).contains("threw IllegalStateException: todo"), threw.toString());
        assertFalse(ShortcutExercise.check(null, null).correct());
    }

    @Test
    void theVerdictNeverPrintsTheExpectedValues() {
        Verdict v = ShortcutExercise.check((x, o, s) -> forward(x, o, s, false), (g, in, s) -> backward(g, in, s, true));
        assertFalse(v.toString().contains("[["), "no arrays in the verdict: " + v);
    }
}
