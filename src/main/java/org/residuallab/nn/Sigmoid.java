package org.residuallab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** y = 1 / (1 + e^−x); dX = dOut · y · (1 − y). */
public final class Sigmoid extends Activation {
    public Sigmoid() {
        super("sigmoid");
    }

    // x (B, C) -> y (B, C)
    @Override
    protected INDArray doForward(INDArray x) {
        y = Buffers.like(y, x);
        Kernels.sigmoid(x, y);
        return y;
    }

    // dOut (B, C) -> dX (B, C)
    @Override
    protected INDArray doBackward(INDArray dOut) {
        dX = Buffers.like(dX, dOut);
        Kernels.sigmoidBackward(y, dOut, dX); // dOut · y · (1 − y)
        return dX;
    }
}
