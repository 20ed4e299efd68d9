package org.residuallab.nn;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.fast.Buffers;
import org.residuallab.nn.fast.Kernels;
import org.residuallab.nn.fast.Norms;

/**
 * Layer normalisation over the last axis: y = γ·(x − μ_row)/√(σ²_row + ε) + β, for (B, C) and (B, T, C)
 * alike (each of the B·T rows on its own). Same in training and evaluation.
 */
public final class LayerNorm extends Layer {
    private final int width;
    private final double eps;
    private final Param gamma, beta;
    private INDArray x, mean, var;      // saved for backward: x (N, C), μ and σ² (N, 1); N = B or B·T
    private INDArray xHat, rstd;        // and, on the Java loops' path, x̂ (N, C) and 1/√(σ²+ε) (N, 1)
    private INDArray y, dX;             // buffers

    public LayerNorm(int width) {
        this(width, 1e-5);
    }

    public LayerNorm(int width, double eps) {
        super("layernorm");
        Shapes.require(width >= 1, "width", width, ">= 1");
        Shapes.require(eps > 0, "eps", eps, "> 0");
        this.width = width;
        this.eps = eps;
        gamma = Param.of("gamma", true, 1, 1, width);
        beta = Param.of("beta", true, 0, 1, width);
    }

    // x (N, C) -> y (N, C)
    @Override
    protected INDArray doForward(INDArray x) {
        INDArray rows = Buffers.rows(x, width);
        DataType t = x.dataType();
        long n = rows.rows();
        this.x = rows;
        mean = Buffers.reuse(mean, t, n, 1);
        var = Buffers.reuse(var, t, n, 1);
        rstd = Buffers.reuse(rstd, t, n, 1);
        xHat = Buffers.like(xHat, rows);
        y = Buffers.like(y, rows);
        // μ, σ² of each row; rstd = 1/√(σ² + ε); x̂ = (x − μ)·rstd; y = γ·x̂ + β
        Norms.layerNorm(rows, gamma.value(), beta.value(), eps, mean, var, rstd, xHat, y);
        return Buffers.shaped(y, x, width);
    }

    // dOut (N, C) -> dX (N, C); dγ += Σ_N dOut·x̂, dβ += Σ_N dOut
    @Override
    protected INDArray doBackward(INDArray dOut) {
        INDArray g = Buffers.rows(dOut, width);
        dX = Buffers.like(dX, g);
        // dx̂ = γ·dOut; dX = rstd·(dx̂ − mean dx̂ − x̂·mean(dx̂·x̂))
        Norms.layerNormBackward(g, x, mean, var, rstd, xHat, gamma.value(), beta.value(), eps, gamma.grad(), beta.grad(), dX);
        return Buffers.shaped(dX, dOut, width);
    }

    @Override
    public void init(Random rng) {
        gamma.fill(1);
        beta.fill(0);
    }

    /** (..., C) -> (..., C): the last axis must be {@code width} wide. */
    @Override
    public long[] outputShape(long[] in) {
        if (in.length == 0 || in[in.length - 1] != width) throw wrongInput(in.length <= 1 ? Shapes.batch(width) : "(B, ..., " + width + ")", in);
        return in;
    }

    @Override
    public long[] inputShape() {
        return new long[] {width};
    }

    public Param gamma() { return gamma; }

    public Param beta() { return beta; }

    @Override
    protected List<Param> ownParams() {
        return List.of(gamma, beta);
    }
}
