package org.residuallab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.residuallab.nn.TestData.values;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.check.GradCheckSuite;

/** Causal self-attention: the mask, the weights, and the fast path against the reference loops. */
class AttentionTest {

    static INDArray sequence(long seed, int b, int t, int c, DataType type) {
        return TestData.gaussian(seed, b * t, c, type).reshape('c', b, t, c);
    }

    private static CausalSelfAttention attention(int c, int heads, DataType type, long seed) {
        CausalSelfAttention a = new CausalSelfAttention(c, heads);
        a.castTo(type);
        GradCheckSuite.randomize(a, new Random(seed));
        return a;
    }

    @ParameterizedTest(name = "{0} heads, T = {1}, {2}")
    @CsvSource({"1, 5, DOUBLE, 1e-12", "2, 7, DOUBLE, 1e-12", "4, 16, DOUBLE, 1e-12", "4, 16, FLOAT, 2e-5", "8, 33, FLOAT, 2e-5",
            "1, 33, FLOAT, 2e-5", "2, 64, FLOAT, 2e-5"}) // the last two: products of 33·33·16 and 64·64·8, on oneDNN's sgemm on x86_64
    void fastPathAgreesWithTheReferenceLoops(int heads, int t, DataType type, double tol) {
        CausalSelfAttention fast = attention(16, heads, type, 5), ref = attention(16, heads, type, 5).reference(true);
        INDArray x = sequence(1, 3, t, 16, type), dOut = sequence(2, 3, t, 16, type);
        assertArrayEquals(values(ref.forward(x)), values(fast.forward(x)), tol, "outputs");
        assertArrayEquals(values(ref.weights()), values(fast.weights()), tol, "attention weights");
        assertArrayEquals(values(ref.backward(dOut)), values(fast.backward(dOut)), tol, "dX");
        List<Param> pr = ref.params(), pf = fast.params();
        for (int i = 0; i < pr.size(); i++) assertArrayEquals(values(pr.get(i).grad()), values(pf.get(i).grad()), tol, pr.get(i).path());
    }

    @Test
    void attentionOnlyLooksAtEarlierPositions() {
        CausalSelfAttention a = attention(8, 2, DataType.DOUBLE, 3);
        INDArray x = sequence(4, 2, 6, 8, DataType.DOUBLE);
        INDArray before = a.forward(x);
        INDArray changed = x.dup();
        changed.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(3),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).addi(1.0);
        INDArray after = a.forward(changed);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 6; t++) {
                double diff = after.get(point(b), point(t)).sub(before.get(point(b), point(t))).norm2Number().doubleValue();
                if (t < 3) assertEquals(0.0, diff, 0.0, "position " + t + " must not see position 3");
                else assertNotEquals(0.0, diff, "position " + t + " sees position 3");
            }
        }
    }

    @Test
    void gradientDoesNotFlowToLaterPositions() {
        CausalSelfAttention a = attention(8, 2, DataType.DOUBLE, 3);
        a.forward(sequence(4, 1, 6, 8, DataType.DOUBLE));
        INDArray dOut = Nd4j.zeros(DataType.DOUBLE, 1, 6, 8);
        dOut.get(point(0), point(2)).assign(1.0);               // a loss on position 2 only
        INDArray dX = a.backward(dOut);
        for (int t = 3; t < 6; t++) assertEquals(0.0, dX.get(point(0), point(t)).norm2Number().doubleValue(), 0.0, "position " + t);
        assertNotEquals(0.0, dX.get(point(0), point(0)).norm2Number().doubleValue());
    }

    @Test
    void eachPositionsWeightsArePositiveAndSumToOneOverEarlierPositions() {
        CausalSelfAttention a = attention(12, 3, DataType.FLOAT, 7);
        a.forward(sequence(1, 2, 5, 12, DataType.FLOAT));
        INDArray w = a.weights();
        assertArrayEquals(new long[] {2, 3, 5, 5}, w.shape());
        for (int b = 0; b < 2; b++) for (int h = 0; h < 3; h++) for (int t = 0; t < 5; t++) {
            double sum = 0;
            for (int s = 0; s < 5; s++) {
                double v = w.getDouble(b, h, t, s);
                if (s > t) assertEquals(0.0, v, 0.0, "masked");
                else assertTrue(v > 0);
                sum += v;
            }
            assertEquals(1.0, sum, 1e-6);
        }
    }

    @Test
    void attentionHasGpt2sParameterLayout() {
        CausalSelfAttention a = new CausalSelfAttention(768, 12);
        assertEquals(List.of("attention/qkv/W", "attention/qkv/b", "attention/proj/W", "attention/proj/b"),
                a.params().stream().map(Param::path).toList());
        assertEquals(768L * 2304 + 2304 + 768L * 768 + 768, TestData.paramCount(a)); // c_attn + c_proj
    }

    @Test
    void aWidthTheHeadsDoNotDivideIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CausalSelfAttention(10, 4));
        assertTrue(e.getMessage().contains("heads") && e.getMessage().contains("10"), e.getMessage());
    }

    @Test
    void inputOfTheWrongWidthIsANamedError() {
        CausalSelfAttention a = new CausalSelfAttention(8, 2);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> a.forward(Nd4j.zeros(DataType.FLOAT, 2, 3, 6)));
        assertTrue(e.getMessage().contains("8"), e.getMessage());
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex point(long i) {
        return org.nd4j.linalg.indexing.NDArrayIndex.point(i);
    }
}
