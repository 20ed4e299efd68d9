package org.residuallab.nn;

import org.nd4j.linalg.api.buffer.DataType;
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
        if (x.dataType() == DataType.DOUBLE) return exact(x, y);
        Kernels.tanh(x, y);
        return y;
    }

    /** float64 through Math.tanh: ND4J's op returns 0 for |x| below about 1e-16 (it computes (e^2x − 1)/(e^2x + 1)). */
    private static INDArray exact(INDArray x, INDArray y) {
        double[] v = x.dup('c').data().asDouble();
        for (int i = 0; i < v.length; i++) v[i] = Math.tanh(v[i]);
        return y.assign(Nd4j.create(v, x.shape(), DataType.DOUBLE));
    }

    // dOut (B, C) -> dX (B, C)
    @Override
    protected INDArray doBackward(INDArray dOut) {
        dX = Buffers.like(dX, dOut);
        Kernels.tanhBackward(y, dOut, dX); // dOut · (1 − y²)
        return dX;
    }
}
