package org.residuallab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.residuallab.nn.TestData.gaussian;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** float32 by default; float64 per model, with the same initial weights. */
class DoublePrecisionTest {
    private final INDArray x = gaussian(3, 8, 5, DataType.FLOAT);
    private final INDArray y = Loss.oneHot(new int[] {0, 1, 2, 0, 1, 2, 0, 1}, 3, DataType.FLOAT);

    private static Model model() {
        return Models.mlp(3, 16, "tanh", Init.he(), BlockKind.RESIDUAL).inputs(5).outputs(3).batchNorm(true).seed(4).build();
    }

    @Test
    void modelsAreFloat32ByDefault() {
        Model m = model();
        assertEquals(DataType.FLOAT, m.dtype());
        m.params().forEach(p -> assertEquals(DataType.FLOAT, p.value().dataType(), p.path()));
        assertEquals(DataType.FLOAT, m.forward(x).dataType());
    }

    @Test
    void float64ModelComputesInFloat64AndAgreesWithFloat32ToSinglePrecision() {
        Model f = model(), d = model().dtype(DataType.DOUBLE);
        double lf = f.lossAndBackward(x, y), ld = d.lossAndBackward(x, y);
        for (Param p : d.params()) {
            assertEquals(DataType.DOUBLE, p.value().dataType(), p.path());
            if (p.trainable()) assertEquals(DataType.DOUBLE, p.grad().dataType(), p.path());
        }
        assertEquals(DataType.DOUBLE, d.forward(x).dataType(), "a float32 batch is cast to the model's type");
        assertEquals(ld, lf, 1e-5);
        assertNotEquals(ld, lf, "float64 carries more digits than float32");
        Param wf = f.params().get(0), wd = d.params().get(0);
        assertEquals(0, wd.grad().castTo(DataType.FLOAT).sub(wf.grad()).norm2Number().doubleValue(), 1e-5);
    }

    @Test
    void mlpBuilderBuildsAFloat64Model() {
        Model m = Models.mlp(2, 8, "relu", Init.he(), BlockKind.PLAIN).inputs(5).outputs(3).dtype(DataType.DOUBLE).build();
        assertEquals(DataType.DOUBLE, m.dtype());
        assertEquals(DataType.DOUBLE, m.predict(x).dataType());
    }
}
