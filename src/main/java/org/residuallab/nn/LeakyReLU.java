package org.residuallab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/** y = x if x > 0 else slope·x; dX = dOut · (x > 0 ? 1 : slope). */
public final class LeakyReLU extends Activation {
    private final double slope;

    public LeakyReLU(double slope) {
        super("leakyrelu");
        Shapes.require(slope >= 0 && slope < 1, "slope", slope, "in [0, 1)");
        this.slope = slope;
    }

    // x (B, C) -> y (B, C)
    @Override
    protected INDArray doForward(INDArray x) {
        this.x = x;
        y = Buffers.like(y, x);
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.scalar.LeakyReLU(x, y, slope));
        return y;
    }

    // dOut (B, C) -> dX (B, C)
    @Override
    protected INDArray doBackward(INDArray dOut) {
        dX = Buffers.like(dX, dOut);
        Nd4j.exec(new Step(x, dX, 0.0));          // 1 where x > 0, else 0
        dX.muli(1 - slope).addi(slope).muli(dOut); // 1 or slope
        return dX;
    }

    public double slope() {
        return slope;
    }
}
