package org.residuallab.nn;

/**
 * Batch normalisation of each channel of (B, C, H, W) images, over the batch and the H·W pixels:
 * y = γ_c·(x − μ_c)/√(σ²_c + ε) + β_c, with the conventions of {@link BatchNorm} (running statistics with
 * momentum 0.9, biased batch variance; γ, β trainable, the running mean and variance not).
 */
public final class BatchNorm2d extends BatchNorm {
    public BatchNorm2d(int channels) {
        this(channels, 0.9, 1e-5);
    }

    public BatchNorm2d(int channels, double momentum, double eps) {
        super("batchnorm2d", channels, momentum, eps);
    }

    /** (C, H, W) -> (C, H, W). */
    @Override
    public long[] outputShape(long[] in) {
        if (in.length != 3 || in[0] != width()) throw wrongInput("(B, " + width() + ", H, W)", in);
        return in;
    }

    @Override
    public long[] inputShape() {
        return null;
    }
}
