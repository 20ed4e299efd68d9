package org.residuallab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** y = 1 / (1 + e^−x); dX = dOut · y · (1 − y). */
public final class Sigmoid extends Activation {
    public Sigmoid() {
        super("sigmoid");
    }

    // x (B, C) -> y (B, C)
    @Override
    protected INDArray doForward(INDArray x) {
        y = Buffers.like(y, x);
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid(x, y));
        return y;
    }

    // dOut (B, C) -> dX (B, C)
    @Override
    protected INDArray doBackward(INDArray dOut) {
        dX = Buffers.like(dX, dOut);
        dX.assign(y).rsubi(1).muli(y).muli(dOut);
        return dX;
    }
}
