package org.residuallab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.residuallab.nn.TestData.values;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Cross-entropy on sequences (B, T, K): a mean over the B·T positions, the (B, K) numbers kept. */
class SequenceLossTest {
    private final int[] labels = {0, 3, 1, 2, 2, 0};

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void matrixLossKeepsItsNumbers(DataType type) {
        INDArray z = TestData.gaussian(1, 6, 4, type), t = Loss.oneHot(labels, 4, type);
        // the formula as it was written for (B, K), entry by entry
        double[] zv = values(z);
        double expected = 0;
        for (int b = 0; b < 6; b++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < 4; j++) max = Math.max(max, zv[b * 4 + j]);
            for (int j = 0; j < 4; j++) sum += Math.exp(zv[b * 4 + j] - max);
            expected -= zv[b * 4 + labels[b]] - max - Math.log(sum);
        }
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        assertEquals(expected / 6, loss.forward(z, t), 0.0);
        INDArray d = loss.backward();
        INDArray p = loss.probabilities();
        assertArrayEquals(values(p.sub(t).div(6)), values(d), type == DataType.FLOAT ? 1e-7 : 1e-15);
    }

    @Test
    void sequenceLossIsTheMeanOverAllPositions() {
        INDArray z2 = TestData.gaussian(2, 6, 4), t2 = Loss.oneHot(labels, 4, DataType.DOUBLE);
        SoftmaxCrossEntropy flat = new SoftmaxCrossEntropy(), seq = new SoftmaxCrossEntropy();
        double l2 = flat.forward(z2, t2);
        double l3 = seq.forward(z2.reshape(2, 3, 4), t2.reshape(2, 3, 4));
        assertEquals(l2, l3, 0.0);
        INDArray d3 = seq.backward();
        assertArrayEquals(new long[] {2, 3, 4}, d3.shape());
        assertArrayEquals(values(flat.backward()), values(d3), 0.0);
    }

    @Test
    void classIndicesGiveTheOneHotNumbers() {
        INDArray z = TestData.gaussian(3, 6, 4).reshape(2, 3, 4);
        SoftmaxCrossEntropy oneHot = new SoftmaxCrossEntropy(), indices = new SoftmaxCrossEntropy();
        double a = oneHot.forward(z, Loss.oneHot(labels, 4, DataType.DOUBLE).reshape(2, 3, 4));
        double b = indices.forward(z, Nd4j.create(new double[] {0, 3, 1, 2, 2, 0}, new long[] {2, 3}, DataType.DOUBLE));
        assertEquals(a, b, 1e-15);
        assertArrayEquals(values(oneHot.backward()), values(indices.backward()), 1e-15);
    }

    @Test
    void ignoredPositionsDoNotCount() {
        INDArray z = TestData.gaussian(4, 6, 4).reshape(2, 3, 4);
        SoftmaxCrossEntropy some = new SoftmaxCrossEntropy(), kept = new SoftmaxCrossEntropy();
        double withIgnored = some.forward(z, Nd4j.create(new double[] {-1, 3, 1, -1, -1, 0}, new long[] {2, 3}, DataType.DOUBLE));
        INDArray d = some.backward();
        INDArray rows = z.reshape(6, 4);
        INDArray three = Nd4j.vstack(rows.getRow(1, true), rows.getRow(2, true), rows.getRow(5, true));
        assertEquals(kept.forward(three, Nd4j.create(new double[] {3, 1, 0}, new long[] {3}, DataType.DOUBLE)), withIgnored, 1e-15,
                "the mean over the three positions that count");
        assertEquals(0.0, d.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(0))
                .norm2Number().doubleValue(), 0.0, "no gradient where ignored");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> some.forward(z, Nd4j.create(new double[] {0, 4, 1, 1, 1, 1}, new long[] {2, 3}, DataType.DOUBLE)));
        assertTrue(e.getMessage().contains("below 4"), e.getMessage());
    }
}
