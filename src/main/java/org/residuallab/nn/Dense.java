package org.residuallab.nn;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.fast.Blas;
import org.residuallab.nn.fast.Buffers;
import org.residuallab.nn.fast.Kernels;

/**
 * Fully connected layer: y = x·W + b, with W (in, out) and b (1, out). On a batch of sequences
 * (B, T, in) it acts on the last axis, on each of the B·T rows.
 */
public final class Dense extends Layer {
    private final int in, out;
    private final Param W, b;
    private Init init;
    private INDArray x;          // saved for backward, as rows (N, in): dW = xᵀ·dOut
    private INDArray y, dX;      // this layer's buffers, as rows

    public Dense(int in, int out) {
        this(in, out, Init.glorotUniform());
    }

    public Dense(int in, int out, Init init) {
        super("dense");
        Shapes.require(in >= 1, "in (input width)", in, ">= 1");
        Shapes.require(out >= 1, "out (output width)", out, ">= 1");
        this.in = in;
        this.out = out;
        this.init = init;
        this.W = Param.of("W", true, 0, in, out);
        this.b = Param.of("b", true, 0, 1, out);
        init(new Random(0));
    }

    // x (N, in) -> y (N, out), N = B or B·T
    @Override
    protected INDArray doForward(INDArray x) {
        this.x = Buffers.rows(x, in);
        y = Buffers.reuse(y, x.dataType(), this.x.rows(), out);
        Kernels.broadcastRows(b.value(), y);                    // y = b
        Blas.gemm(this.x, W.value(), y, false, false, 1.0, 1.0); // y += x·W
        return Buffers.shaped(y, x, out);
    }

    // dOut (N, out) -> dX (N, in); dW += xᵀ·dOut, db += Σ_N dOut
    @Override
    protected INDArray doBackward(INDArray dOut) {
        INDArray g = Buffers.rows(dOut, out);
        Blas.gemm(x, g, W.grad(), true, false, 1.0, 1.0);       // dW += xᵀ·dOut
        Kernels.addColumnSums(g, b.grad());                     // db += Σ_N dOut
        dX = Buffers.reuse(dX, g.dataType(), g.rows(), in);
        Blas.gemm(g, W.value(), dX, false, true, 1.0, 0.0);     // dX = dOut·Wᵀ
        return Buffers.shaped(dX, dOut, in);
    }

    @Override
    public void init(Random rng) {
        W.fill(init, rng);
        b.fill(0);
    }

    public Dense init(Init init) {
        this.init = init;
        return this;
    }

    public Init initializer() {
        return init;
    }

    /** (..., in) -> (..., out): the last axis must be {@code in} wide. */
    @Override
    public long[] outputShape(long[] shape) {
        if (shape.length == 0 || shape[shape.length - 1] != in) {
            throw wrongInput(shape.length <= 1 ? Shapes.batch(in) : "(B, ..., " + in + ")", shape);
        }
        long[] o = shape.clone();
        o[o.length - 1] = out;
        return o;
    }

    @Override
    public long[] inputShape() {
        return new long[] {in};
    }

    public int outWidth() {
        return out;
    }

    public Param weight() {
        return W;
    }

    public Param bias() {
        return b;
    }

    @Override
    protected List<Param> ownParams() {
        return List.of(W, b);
    }
}
