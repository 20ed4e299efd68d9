package org.residuallab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.fast.Buffers;
import org.residuallab.nn.fast.Kernels;

/** y = tanh(x); dX = dOut · (1 − y²). */
public final class Tanh extends Activation {
    public Tanh() {
        super("tanh");
    }

    // x (B, ...) -> y (B, ...)
    @Override
    protected INDArray doForward(INDArray x) {
        y = Buffers.like(y, x);
        Kernels.tanh(x, y);
        return y;
    }

    // dOut (B, ...) -> dX (B, ...)
    @Override
    protected INDArray doBackward(INDArray dOut) {
        dX = Buffers.like(dX, dOut);
        Kernels.tanhBackward(y, dOut, dX); // dOut · (1 − y²)
        return dX;
    }
}
