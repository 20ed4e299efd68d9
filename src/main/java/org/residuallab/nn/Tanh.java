package org.residuallab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** y = tanh(x); dX = dOut · (1 − y²). */
public final class Tanh extends Activation {
    public Tanh() {
        super("tanh");
    }

    // x (B, C) -> y (B, C)
    @Override
    protected INDArray doForward(INDArray x) {
        y = Buffers.like(y, x);
        Kernels.tanh(x, y);
        return y;
    }

    // dOut (B, C) -> dX (B, C)
    @Override
    protected INDArray doBackward(INDArray dOut) {
        dX = Buffers.like(dX, dOut);
        Kernels.tanhBackward(y, dOut, dX); // dOut · (1 − y²)
        return dX;
    }
}
