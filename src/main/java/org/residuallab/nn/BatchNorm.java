package org.residuallab.nn;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.fast.Buffers;
import org.residuallab.nn.fast.Norms;

/**
 * Batch normalisation of each feature of (B, C) batches: y = γ·(x − μ)/√(σ² + ε) + β. {@link BatchNorm2d}
 * does the same per channel of (B, C, H, W) images, over the batch and the pixels.
 * Training uses the batch's μ, σ² (biased) and updates the running statistics with Keras's convention
 * {@code running = momentum·running + (1 − momentum)·batch} (momentum 0.9 by default, i.e. PyTorch's 0.1);
 * evaluation uses the running statistics. γ, β are trainable; the running mean and variance are not.
 */
public class BatchNorm extends Layer {
    private final int width;
    private final double momentum, eps;
    private final Param gamma, beta, runningMean, runningVar;
    private INDArray xHat, rstd;        // saved for backward: x̂ (B, C, ...), 1/√(σ²+ε) (1, C)
    private INDArray mean, var, y, dX;  // buffers

    public BatchNorm(int width) {
        this(width, 0.9, 1e-5);
    }

    public BatchNorm(int width, double momentum, double eps) {
        this("batchnorm", width, momentum, eps);
    }

    BatchNorm(String name, int width, double momentum, double eps) {
        super(name);
        Shapes.require(width >= 1, "width", width, ">= 1");
        Shapes.require(momentum >= 0 && momentum < 1, "momentum", momentum, "in [0, 1)");
        Shapes.require(eps > 0, "eps", eps, "> 0");
        this.width = width;
        this.momentum = momentum;
        this.eps = eps;
        gamma = Param.of("gamma", true, 1, 1, width);
        beta = Param.of("beta", true, 0, 1, width);
        runningMean = Param.of("moving_mean", false, 0, 1, width);
        runningVar = Param.of("moving_variance", false, 1, 1, width);
    }

    // x (B, C, ...) -> y (B, C, ...)
    @Override
    protected INDArray doForward(INDArray x) {
        DataType t = x.dataType();
        rstd = Buffers.reuse(rstd, t, 1, width);
        INDArray mu;                                             // the mean used: the batch's or the running one
        if (isTraining()) {
            if (x.length() / width < 2) {
                throw new ShapeMismatchException(describe() + ": training-mode batch statistics need at least 2 values per "
                        + "feature but got a batch of shape " + Shapes.str(x.shape()));
            }
            mean = Buffers.reuse(mean, t, 1, width);
            var = Buffers.reuse(var, t, 1, width);
            Norms.channelMoments(x, mean, var);                  // μ = mean_b x, σ² = mean_b (x − μ)² per channel
            Norms.lerp(runningMean.value(), momentum, mean);     // running μ = m·running μ + (1 − m)·μ
            Norms.lerp(runningVar.value(), momentum, var);       // running σ² likewise
            Norms.rsqrt(var, eps, rstd);                         // rstd = 1/√(σ² + ε)
            mu = mean;
        } else {
            mu = runningMean.value();
            Norms.rsqrt(runningVar.value(), eps, rstd);          // rstd = 1/√(running σ² + ε)
        }
        xHat = Buffers.like(xHat, x);
        y = Buffers.like(y, x);
        Norms.batchNorm(x, mu, rstd, gamma.value(), beta.value(), xHat, y); // x̂ = (x − μ)·rstd; y = γ·x̂ + β
        return y;
    }

    // dOut (B, C, ...) -> dX (B, C, ...); dγ += Σ dOut·x̂, dβ += Σ dOut (over all but the channel axis)
    @Override
    protected INDArray doBackward(INDArray dOut) {
        dX = Buffers.like(dX, dOut);
        // dγ += Σ dOut·x̂, dβ += Σ dOut, and dX: in training γ·rstd·(dOut − mean dOut − x̂·mean(dOut·x̂)), in evaluation γ·rstd·dOut
        Norms.batchNormBackward(dOut, xHat, gamma.value(), rstd, isTraining(), dX, gamma.grad(), beta.grad());
        return dX;
    }

    @Override
    public void init(Random rng) {
        gamma.fill(1);
        beta.fill(0);
        runningMean.fill(0);
        runningVar.fill(1);
    }

    @Override
    public long[] outputShape(long[] in) {
        if (in.length != 1 || in[0] != width) throw wrongInput(Shapes.batch(width), in);
        return in;
    }

    @Override
    public long[] inputShape() {
        return new long[] {width};
    }

    /** The number of features (or channels) normalised. */
    public int width() { return width; }

    public Param gamma() { return gamma; }

    public Param beta() { return beta; }

    public Param runningMean() { return runningMean; }

    public Param runningVariance() { return runningVar; }

    @Override
    protected List<Param> ownParams() {
        return List.of(gamma, beta, runningMean, runningVar);
    }
}
