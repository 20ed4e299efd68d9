package org.residuallab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.fast.Buffers;
import org.residuallab.nn.fast.Kernels;

/** y = x if x > 0 else slope·x; dX = dOut · (x > 0 ? 1 : slope). */
public final class LeakyReLU extends Activation {
    private final double slope;

    public LeakyReLU(double slope) {
        super("leakyrelu");
        Shapes.require(slope >= 0 && slope < 1, "slope", slope, "in [0, 1)");
        this.slope = slope;
    }

    // x (B, ...) -> y (B, ...)
    @Override
    protected INDArray doForward(INDArray x) {
        this.x = x;
        y = Buffers.like(y, x);
        Kernels.leakyRelu(x, slope, y);                 // x if x > 0, else slope·x
        return y;
    }

    // dOut (B, ...) -> dX (B, ...)
    @Override
    protected INDArray doBackward(INDArray dOut) {
        dX = Buffers.like(dX, dOut);
        Kernels.leakyReluBackward(x, slope, dOut, dX);  // dOut if x > 0, else slope·dOut
        return dX;
    }

    public double slope() {
        return slope;
    }
}
