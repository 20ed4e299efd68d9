package org.residuallab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.fast.Buffers;
import org.residuallab.nn.fast.Kernels;

/** Exact GELU: y = x·Φ(x), Φ(x) = ½(1 + erf(x/√2)); dX = dOut · (Φ(x) + x·φ(x)). */
public final class GELU extends Activation {
    private INDArray cdf; // Φ(x): saved for backward

    public GELU() {
        super("gelu");
    }

    // x (B, ...) -> y (B, ...)
    @Override
    protected INDArray doForward(INDArray x) {
        this.x = x;
        cdf = Buffers.like(cdf, x);
        y = Buffers.like(y, x);
        Kernels.gelu(x, cdf, y);               // Φ(x); y = x·Φ(x)
        return y;
    }

    // dOut (B, ...) -> dX (B, ...)
    @Override
    protected INDArray doBackward(INDArray dOut) {
        dX = Buffers.like(dX, dOut);
        Kernels.geluBackward(x, cdf, dOut, dX); // dOut · (Φ(x) + x·φ(x))
        return dX;
    }
}
