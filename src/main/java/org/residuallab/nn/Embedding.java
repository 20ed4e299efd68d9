package org.residuallab.nn;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.fast.Blas;
import org.residuallab.nn.fast.Buffers;
import org.residuallab.nn.fast.Kernels;
import org.residuallab.nn.fast.Rows;

/**
 * Token embedding: a table W (vocab, C) whose row i is token i's vector. Token ids (B, T), given as
 * whole numbers in a float array, map to (B, T, C): y[b, t] = W[id[b, t]].
 * <pre>Embedding tokens = new Embedding(65, 128);   // 65 characters, 128 wide</pre>
 * Backward adds each dOut[b, t] into the row W[id[b, t]] it came from. The ids have no gradient: the
 * output is a step function of them (ids are rounded to the nearest whole number), so dX = 0, returned
 * as zeros (B, T) so that containers and gradient checks treat this layer like any other.
 */
public final class Embedding extends Layer {
    private final int vocab, width;
    private final Param W;
    private Init init = Init.normal(0.02);
    private int[] ids;           // saved for backward: the token id of each of the B·T rows
    private INDArray y, dX;      // buffers: y as rows (B·T, C), dX zeros (B, T)

    public Embedding(int vocab, int width) {
        super("embedding");
        Shapes.require(vocab >= 1, "vocab (number of tokens)", vocab, ">= 1");
        Shapes.require(width >= 1, "width (C)", width, ">= 1");
        this.vocab = vocab;
        this.width = width;
        W = Param.of("W", true, 0, vocab, width);
        init(new Random(0));
    }

    // ids (B, T) -> y (B, T, C)
    @Override
    protected INDArray doForward(INDArray x) {
        ids = ids(x);
        y = Buffers.reuse(y, W.value().dataType(), ids.length, width);
        Rows.gather(W.value(), ids, y);                 // y[b, t] = W[id[b, t]]
        return y.reshape('c', x.size(0), x.size(1), width);
    }

    // dOut (B, T, C) -> dX = 0 (B, T); dW[id[b, t]] += dOut[b, t]
    @Override
    protected INDArray doBackward(INDArray dOut) {
        INDArray g = Buffers.rows(dOut, width);
        Rows.scatterAdd(Blas.isDense(g) ? g : g.dup('c'), ids, W.grad()); // dW[id] += dOut, rows that repeat add up
        dX = Buffers.reuse(dX, dOut.dataType(), dOut.size(0), dOut.size(1));
        Blas.zero(dX);                                  // dX = 0: the ids get no gradient
        return dX;
    }

    private int[] ids(INDArray x) {
        double[] v = Kernels.toDoubles(x);
        int[] out = ids != null && ids.length == v.length ? ids : new int[v.length];
        for (int i = 0; i < v.length; i++) {
            long id = Math.round(v[i]);
            if (id < 0 || id >= vocab || Math.abs(v[i] - id) > 0.01) {
                throw new IllegalArgumentException(describe() + ": token ids must be whole numbers in 0.." + (vocab - 1)
                        + " but the id at (b, t) = (" + i / x.size(1) + ", " + i % x.size(1) + ") is " + v[i]);
            }
            out[i] = (int) id;
        }
        return out;
    }

    @Override
    public void init(Random rng) {
        W.fill(init, rng);
    }

    /** The initialiser of the table (default N(0, 0.02²), as GPT-2). */
    public Embedding init(Init init) {
        this.init = init;
        return this;
    }

    /** (T) token ids -> (T, C). */
    @Override
    public long[] outputShape(long[] in) {
        if (in.length != 1) throw wrongInput("(B, T) token ids", in);
        return new long[] {in[0], width};
    }

    public int vocab() {
        return vocab;
    }

    public int width() {
        return width;
    }

    /** The table W (vocab, C); a {@link TiedHead} reuses it. */
    public Param weight() {
        return W;
    }

    @Override
    protected List<Param> ownParams() {
        return List.of(W);
    }

    @Override
    public boolean numbered() {
        return false;
    }
}
