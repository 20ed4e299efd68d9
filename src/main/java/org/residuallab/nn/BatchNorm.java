package org.residuallab.nn;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Batch normalisation over features: y = γ·(x − μ)/√(σ² + ε) + β.
 * Training uses the batch's μ, σ² (biased) and updates the running statistics with Keras's convention
 * {@code running = momentum·running + (1 − momentum)·batch} (momentum 0.9 by default, i.e. PyTorch's 0.1);
 * evaluation uses the running statistics. γ, β are trainable; the running mean and variance are not.
 */
public final class BatchNorm extends Layer {
    private final int width;
    private final double momentum, eps;
    private final Param gamma, beta, runningMean, runningVar;
    private INDArray xHat, rstd; // saved for backward: x̂ (B, C), 1/√(σ²+ε) (1, C)

    public BatchNorm(int width) {
        this(width, 0.9, 1e-5);
    }

    public BatchNorm(int width, double momentum, double eps) {
        super("batchnorm");
        Shapes.require(width >= 1, "width", width, ">= 1");
        Shapes.require(momentum >= 0 && momentum < 1, "momentum", momentum, "in [0, 1)");
        Shapes.require(eps > 0, "eps", eps, "> 0");
        this.width = width;
        this.momentum = momentum;
        this.eps = eps;
        gamma = new Param("gamma", Nd4j.ones(DataType.FLOAT, 1, width), true);
        beta = new Param("beta", Nd4j.zeros(DataType.FLOAT, 1, width), true);
        runningMean = new Param("moving_mean", Nd4j.zeros(DataType.FLOAT, 1, width), false);
        runningVar = new Param("moving_variance", Nd4j.ones(DataType.FLOAT, 1, width), false);
    }

    // x (B, C) -> y (B, C)
    @Override
    protected INDArray doForward(INDArray x) {
        INDArray mean, var;
        if (isTraining()) {
            if (x.rows() < 2) {
                throw new ShapeMismatchException(describe() + ": training-mode batch statistics need a batch of at least 2 rows but got "
                        + Shapes.str(x.shape()));
            }
            mean = x.mean(true, 0);
            INDArray xc = x.subRowVector(mean);
            var = xc.mul(xc).mean(true, 0);
            runningMean.value().muli(momentum).addi(mean.mul(1 - momentum));
            runningVar.value().muli(momentum).addi(var.mul(1 - momentum));
        } else {
            mean = runningMean.value();
            var = runningVar.value();
        }
        rstd = Transforms.pow(var.add(eps), -0.5, false);
        xHat = x.subRowVector(mean).muliRowVector(rstd);
        return xHat.mulRowVector(gamma.value()).addiRowVector(beta.value());
    }

    // dOut (B, C) -> dX (B, C); dγ += Σ dOut·x̂, dβ += Σ dOut
    @Override
    protected INDArray doBackward(INDArray dOut) {
        gamma.grad().addi(dOut.mul(xHat).sum(true, 0));
        beta.grad().addi(dOut.sum(true, 0));
        INDArray dxHat = dOut.mulRowVector(gamma.value());
        if (!isTraining()) return dxHat.muliRowVector(rstd);
        // dX = rstd · (dx̂ − mean(dx̂) − x̂ · mean(dx̂ · x̂))
        INDArray meanD = dxHat.mean(true, 0);
        INDArray meanDX = dxHat.mul(xHat).mean(true, 0);
        return dxHat.subiRowVector(meanD).subi(xHat.mulRowVector(meanDX)).muliRowVector(rstd);
    }

    @Override
    public void init(Random rng) {
        gamma.value().assign(1);
        beta.value().assign(0);
        runningMean.value().assign(0);
        runningVar.value().assign(1);
    }

    @Override
    public int outputWidth(int in) {
        if (in != width) throw new ShapeMismatchException(describe() + " expects input width " + width + " but receives " + in);
        return width;
    }

    @Override
    public int inputWidth() {
        return width;
    }

    public Param gamma() { return gamma; }

    public Param beta() { return beta; }

    public Param runningMean() { return runningMean; }

    public Param runningVariance() { return runningVar; }

    @Override
    protected List<Param> ownParams() {
        return List.of(gamma, beta, runningMean, runningVar);
    }
}
