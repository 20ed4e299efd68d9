package org.residuallab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.fast.Buffers;
import org.residuallab.nn.fast.Kernels;

/** y = 1 / (1 + e^−x); dX = dOut · y · (1 − y). */
public final class Sigmoid extends Activation {
    public Sigmoid() {
        super("sigmoid");
    }

    // x (B, ...) -> y (B, ...)
    @Override
    protected INDArray doForward(INDArray x) {
        y = Buffers.like(y, x);
        Kernels.sigmoid(x, y);
        return y;
    }

    // dOut (B, ...) -> dX (B, ...)
    @Override
    protected INDArray doBackward(INDArray dOut) {
        dX = Buffers.like(dX, dOut);
        Kernels.sigmoidBackward(y, dOut, dX); // dOut · y · (1 − y)
        return dX;
    }
}
