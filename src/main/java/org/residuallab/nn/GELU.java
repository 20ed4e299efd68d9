package org.residuallab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.factory.Nd4j;

/** Exact GELU: y = x·Φ(x), Φ(x) = ½(1 + erf(x/√2)); dX = dOut · (Φ(x) + x·φ(x)). */
public final class GELU extends Activation {
    private static final double INV_SQRT2 = 1 / Math.sqrt(2), INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    private INDArray cdf, pdf; // Φ(x), φ(x): saved for backward

    public GELU() {
        super("gelu");
    }

    // x (B, C) -> y (B, C)
    @Override
    protected INDArray doForward(INDArray x) {
        this.x = x;
        cdf = Buffers.like(cdf, x);
        Nd4j.exec(new Erf(x.mul(INV_SQRT2), cdf));
        cdf.addi(1).muli(0.5);
        y = Buffers.like(y, x);
        return y.assign(x).muli(cdf);
    }

    // dOut (B, C) -> dX (B, C)
    @Override
    protected INDArray doBackward(INDArray dOut) {
        pdf = Buffers.like(pdf, x);
        Nd4j.exec(new Exp(x.mul(x).muli(-0.5), pdf));
        pdf.muli(INV_SQRT_2PI);
        dX = Buffers.like(dX, dOut);
        return dX.assign(pdf).muli(x).addi(cdf).muli(dOut);
    }
}
