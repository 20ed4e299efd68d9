package org.residuallab.nn;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Layer normalisation over each example's features: y = γ·(x − μ_row)/√(σ²_row + ε) + β. Same in training and eval. */
public final class LayerNorm extends Layer {
    private final int width;
    private final double eps;
    private final Param gamma, beta;
    private INDArray xHat, rstd; // saved for backward: x̂ (B, C), 1/√(σ²+ε) (B, 1)

    public LayerNorm(int width) {
        this(width, 1e-5);
    }

    public LayerNorm(int width, double eps) {
        super("layernorm");
        Shapes.require(width >= 1, "width", width, ">= 1");
        Shapes.require(eps > 0, "eps", eps, "> 0");
        this.width = width;
        this.eps = eps;
        gamma = new Param("gamma", Nd4j.ones(DataType.FLOAT, 1, width), true);
        beta = new Param("beta", Nd4j.zeros(DataType.FLOAT, 1, width), true);
    }

    // x (B, C) -> y (B, C)
    @Override
    protected INDArray doForward(INDArray x) {
        INDArray mean = x.mean(true, 1);
        INDArray xc = x.subColumnVector(mean);
        INDArray var = xc.mul(xc).mean(true, 1);
        rstd = Transforms.pow(var.addi(eps), -0.5, false);
        xHat = xc.muliColumnVector(rstd);
        return xHat.mulRowVector(gamma.value()).addiRowVector(beta.value());
    }

    // dOut (B, C) -> dX (B, C); dγ += Σ_batch dOut·x̂, dβ += Σ_batch dOut
    @Override
    protected INDArray doBackward(INDArray dOut) {
        gamma.grad().addi(dOut.mul(xHat).sum(true, 0));
        beta.grad().addi(dOut.sum(true, 0));
        INDArray dxHat = dOut.mulRowVector(gamma.value());
        INDArray meanD = dxHat.mean(true, 1);
        INDArray meanDX = dxHat.mul(xHat).mean(true, 1);
        return dxHat.subiColumnVector(meanD).subi(xHat.mulColumnVector(meanDX)).muliColumnVector(rstd);
    }

    @Override
    public void init(Random rng) {
        gamma.value().assign(1);
        beta.value().assign(0);
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

    @Override
    protected List<Param> ownParams() {
        return List.of(gamma, beta);
    }
}
