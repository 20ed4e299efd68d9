package org.residuallab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A float64 tanh is exact to rounding for every input, including the tiny ones a small initialisation produces. */
class TanhPrecisionTest {

    @Test
    void float64TanhKeepsTinyInputs() {
        double[] v = {1e-30, -1e-20, 1e-16, 1e-8, 0.3, -2, 25, 0};
        INDArray y = new Tanh().forward(Nd4j.create(v, new long[] {2, 4}, DataType.DOUBLE));
        for (int i = 0; i < v.length; i++) {
            assertEquals(Math.tanh(v[i]), y.getDouble(i), 1e-15 * Math.abs(Math.tanh(v[i])), "tanh(" + v[i] + ")");
        }
    }

    @Test
    void float64TanhOfAViewReadsTheViewedEntries() {
        INDArray big = Nd4j.create(new double[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, DataType.DOUBLE);
        INDArray column = big.getColumns(1, 2);
        INDArray y = new Tanh().forward(column);
        assertEquals(Math.tanh(2), y.getDouble(0, 0), 1e-15);
        assertEquals(Math.tanh(6), y.getDouble(1, 1), 1e-15);
    }
}
