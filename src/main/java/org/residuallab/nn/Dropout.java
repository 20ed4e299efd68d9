package org.residuallab.nn;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inverted dropout: in training y = x·m with m = 0 (probability p) or 1/(1 − p); in eval y = x.
 * The mask comes from this layer's own seeded generator, re-seeded by {@link #init}.
 */
public final class Dropout extends Layer {
    private final double p;
    private Random rng = new Random(0);
    private INDArray mask; // saved for backward (B, C)

    public Dropout(double p) {
        super("dropout");
        Shapes.require(p >= 0 && p < 1, "dropout probability p", p, "in [0, 1)");
        this.p = p;
    }

    // x (B, C) -> y (B, C)
    @Override
    protected INDArray doForward(INDArray x) {
        if (!isTraining() || p == 0) {
            mask = null;
            return x;
        }
        double keep = 1.0 / (1 - p);
        double[] m = new double[(int) x.length()];
        for (int i = 0; i < m.length; i++) m[i] = rng.nextDouble() < p ? 0 : keep;
        mask = Nd4j.create(m, x.shape(), x.dataType());
        return x.mul(mask);
    }

    // dOut (B, C) -> dX (B, C)
    @Override
    protected INDArray doBackward(INDArray dOut) {
        return mask == null ? dOut : dOut.mul(mask);
    }

    @Override
    public void init(Random parent) {
        rng = new Random(parent.nextLong());
    }

    @Override
    public int outputWidth(int in) {
        return in;
    }

    public double p() {
        return p;
    }
}
