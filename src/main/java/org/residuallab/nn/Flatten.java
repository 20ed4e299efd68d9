package org.residuallab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Flattens each example into one row: (B, C, H, W) -> (B, C·H·W) in row-major order; backward restores the shape. */
public final class Flatten extends Layer {
    private long[] inShape; // the last input's shape

    public Flatten() {
        super("flatten");
    }

    // x (B, ...) -> (B, n)
    @Override
    protected INDArray doForward(INDArray x) {
        inShape = x.shape();
        return x.reshape('c', x.size(0), x.length() / x.size(0));
    }

    // dOut (B, n) -> dX (B, ...)
    @Override
    protected INDArray doBackward(INDArray dOut) {
        return dOut.reshape('c', inShape);
    }

    /** (d1, d2, ...) -> (d1·d2·...). */
    @Override
    public long[] outputShape(long[] in) {
        return new long[] {Shapes.size(in)};
    }
}
