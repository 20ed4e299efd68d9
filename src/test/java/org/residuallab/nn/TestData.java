package org.residuallab.nn;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small seeded arrays for tests. */
final class TestData {
    private TestData() {}

    /** (rows, cols) of N(0, 1) from {@code seed}. */
    static INDArray gaussian(long seed, int rows, int cols, DataType type) {
        Random rng = new Random(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = rng.nextGaussian();
        return Nd4j.create(v, new long[] {rows, cols}, type);
    }

    static INDArray gaussian(long seed, int rows, int cols) {
        return gaussian(seed, rows, cols, DataType.DOUBLE);
    }

    static double[] values(INDArray a) {
        return a.dup('c').castTo(DataType.DOUBLE).data().asDouble();
    }

    static long paramCount(Layer l) {
        return l.params().stream().mapToLong(Param::size).sum();
    }
}
