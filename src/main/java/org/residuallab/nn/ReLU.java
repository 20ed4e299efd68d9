package org.residuallab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.fast.Buffers;
import org.residuallab.nn.fast.Kernels;

/** y = max(x, 0); dX = dOut where x > 0, else 0. */
public final class ReLU extends Activation {
    public ReLU() {
        super("relu");
    }

    // x (B, ...) -> y (B, ...)
    @Override
    protected INDArray doForward(INDArray x) {
        this.x = x;
        y = Buffers.like(y, x);
        Kernels.relu(x, y);
        return y;
    }

    // dOut (B, ...) -> dX (B, ...)
    @Override
    protected INDArray doBackward(INDArray dOut) {
        dX = Buffers.like(dX, dOut);
        Kernels.reluBackward(x, dOut, dX); // dOut where x > 0, else 0
        return dX;
    }
}
