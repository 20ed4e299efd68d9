package org.residuallab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.Dense;
import org.residuallab.nn.Init;
import org.residuallab.nn.ShapeMismatchException;
import org.residuallab.nn.Sigmoid;

/** Karpathy-style comparison of a hand-written array or layer with a reference. */
class CmpTest {
    private final INDArray a = Nd4j.create(new double[] {0.5, -1.25, 3, 1e-3}, new long[] {2, 2}, DataType.DOUBLE);

    @Test
    void reportsExactApproximateAndMaxDiff() {
        Cmp same = Cmp.of("same", a.dup(), a);
        assertTrue(same.exact() && same.approximate());
        assertEquals(0.0, same.maxDiff());
        assertEquals("same            | exact: true  | approximate: true  | maxdiff: 0.0", same.toString());

        Cmp close = Cmp.of("close", a.add(1e-10), a);
        assertFalse(close.exact());
        assertTrue(close.approximate());
        assertEquals(1e-10, close.maxDiff(), 1e-15);

        Cmp off = Cmp.of("off", a.mul(1.01), a);
        assertFalse(off.exact() || off.approximate());
        assertEquals(0.03, off.maxDiff(), 1e-12);
    }

    @Test
    void shapeMismatchNamesBothShapes() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> Cmp.of("dW", a.reshape(4, 1), a));
        assertTrue(e.getMessage().contains("dW") && e.getMessage().contains("(4, 1)") && e.getMessage().contains("(2, 2)"), e.getMessage());
    }

    @Test
    void studentSigmoidIsComparedWithTheLibrarysSigmoid() {
        INDArray x = Nd4j.create(new double[] {-2, -0.5, 0.1, 0.7, 1.5, 3}, new long[] {2, 3}, DataType.DOUBLE);
        List<Cmp> right = Cmp.layers(new GradCheckTest.StudentSigmoid(false), new Sigmoid(), x);
        assertEquals(List.of("out", "dX"), right.stream().map(Cmp::name).toList());
        assertTrue(right.stream().allMatch(Cmp::approximate), right::toString);
        List<Cmp> wrong = Cmp.layers(new GradCheckTest.StudentSigmoid(true), new Sigmoid(), x);
        assertTrue(wrong.get(0).approximate(), "the forward pass is right");
        assertFalse(wrong.get(1).approximate(), "the backward pass forgot (1 - y): " + wrong);
    }

    @Test
    void layerParametersAreCopiedFromTheReferenceSoGradientsMatchExactly() {
        INDArray x = Nd4j.create(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, new long[] {2, 4}, DataType.DOUBLE);
        List<Cmp> cmps = Cmp.layers(new Dense(4, 3, Init.zeros()), new Dense(4, 3, Init.he()), x);
        assertEquals(List.of("out", "dX", "dW", "db"), cmps.stream().map(Cmp::name).toList());
        assertTrue(cmps.stream().allMatch(Cmp::exact), cmps::toString);
    }
}
