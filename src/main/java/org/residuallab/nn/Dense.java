package org.residuallab.nn;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Fully connected layer: out = x·W + b, with W (in, out) and b (1, out). */
public final class Dense extends Layer {
    private final int in, out;
    private final Param W, b;
    private Init init;
    private INDArray x;          // saved for backward: dW = xᵀ·dOut
    private INDArray y, dX;      // reused buffers

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
        this.W = new Param("W", Nd4j.zeros(DataType.FLOAT, in, out), true);
        this.b = new Param("b", Nd4j.zeros(DataType.FLOAT, 1, out), true);
        init(new Random(0));
    }

    // x (B, in) -> y (B, out)
    @Override
    protected INDArray doForward(INDArray x) {
        this.x = x;
        y = Buffers.reuse(y, x.dataType(), x.rows(), out);
        Kernels.broadcastRows(b.value(), y);                  // y = b
        Blas.gemm(x, W.value(), y, false, false, 1.0, 1.0);  // y += x·W
        return y;
    }

    // dOut (B, out) -> dX (B, in); dW += xᵀ·dOut, db += Σ_batch dOut
    @Override
    protected INDArray doBackward(INDArray dOut) {
        W.addProductToGrad(x, true, dOut, false);              // dW += xᵀ·dOut
        Kernels.addColumnSums(dOut, b.grad());                 // db += Σ_batch dOut
        dX = Buffers.reuse(dX, dOut.dataType(), dOut.rows(), in);
        Blas.gemm(dOut, W.value(), dX, false, true, 1.0, 0.0); // dX = dOut·Wᵀ
        return dX;
    }

    @Override
    public void init(Random rng) {
        init.fill(W.value(), rng);
        b.value().assign(0);
    }

    public Dense init(Init init) {
        this.init = init;
        return this;
    }

    public Init initializer() {
        return init;
    }

    @Override
    public int outputWidth(int inWidth) {
        if (inWidth != in) {
            throw new ShapeMismatchException(describe() + " expects input width " + in + " but receives " + inWidth);
        }
        return out;
    }

    @Override
    public int inputWidth() {
        return in;
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
