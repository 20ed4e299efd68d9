package org.residuallab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** y = tanh(x); dX = dOut · (1 − y²). */
public final class Tanh extends Activation {
    public Tanh() {
        super("tanh");
    }

    // x (B, C) -> y (B, C)
    @Override
    protected INDArray doForward(INDArray x) {
        y = Buffers.like(y, x);
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh(x, y));
        return y;
    }

    // dOut (B, C) -> dX (B, C)
    @Override
    protected INDArray doBackward(INDArray dOut) {
        dX = Buffers.like(dX, dOut);
        dX.assign(y).muli(y).rsubi(1).muli(dOut);
        return dX;
    }
}
