package org.residuallab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/** y = max(x, 0); dX = dOut where x > 0, else 0. */
public final class ReLU extends Activation {
    public ReLU() {
        super("relu");
    }

    // x (B, C) -> y (B, C)
    @Override
    protected INDArray doForward(INDArray x) {
        this.x = x;
        y = Buffers.like(y, x);
        Nd4j.exec(new RectifiedLinear(x, y, 0.0));
        return y;
    }

    // dOut (B, C) -> dX (B, C)
    @Override
    protected INDArray doBackward(INDArray dOut) {
        dX = Buffers.like(dX, dOut);
        Nd4j.exec(new Step(x, dX, 0.0)); // 1 where x > 0
        return dX.muli(dOut);
    }
}
