package org.residuallab.nn;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.fast.Buffers;
import org.residuallab.nn.fast.Kernels;

/**
 * Inverted dropout: in training y = x·m with m = 0 (probability p) or 1/(1 − p); in eval y = x.
 * The mask comes from this layer's own seeded generator, re-seeded by {@link #init}.
 */
public final class Dropout extends Layer {
    private final double p;
    private Random rng = new Random(0);
    private INDArray mask;  // saved for backward (B, ...), or null when nothing was dropped
    private INDArray y, dX; // buffers

    public Dropout(double p) {
        super("dropout");
        Shapes.require(p >= 0 && p < 1, "dropout probability p", p, "in [0, 1)");
        this.p = p;
    }

    // x (B, ...) -> y (B, ...)
    @Override
    protected INDArray doForward(INDArray x) {
        if (!isTraining() || p == 0) {
            mask = null;
            return x;
        }
        mask = Buffers.like(mask, x);
        double keep = 1.0 / (1 - p);
        double[] m = new double[(int) x.length()];
        for (int i = 0; i < m.length; i++) m[i] = rng.nextDouble() < p ? 0 : keep; // m = 0 or 1/(1 − p)
        Kernels.fromDoubles(m, mask);
        y = Buffers.like(y, x);
        Kernels.mul(y, x, mask);   // y = x·m
        return y;
    }

    // dOut (B, ...) -> dX (B, ...)
    @Override
    protected INDArray doBackward(INDArray dOut) {
        if (mask == null) return dOut;
        dX = Buffers.like(dX, dOut);
        Kernels.mul(dX, dOut, mask); // dX = dOut·m
        return dX;
    }

    @Override
    public void init(Random parent) {
        rng = new Random(parent.nextLong());
    }

    public double p() {
        return p;
    }
}
