package org.residuallab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** y = x; dX = dOut. The identity shortcut and the "no activation" choice. */
public final class Identity extends Activation {
    public Identity() {
        super("identity");
    }

    // x (B, ...) -> x (B, ...)
    @Override
    protected INDArray doForward(INDArray x) {
        return x;
    }

    // dOut (B, ...) -> dOut (B, ...)
    @Override
    protected INDArray doBackward(INDArray dOut) {
        return dOut;
    }
}
