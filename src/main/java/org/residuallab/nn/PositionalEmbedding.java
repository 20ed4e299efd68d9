package org.residuallab.nn;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.residuallab.nn.fast.Blas;
import org.residuallab.nn.fast.Buffers;
import org.residuallab.nn.fast.Kernels;

/**
 * Learned positions (GPT-2's wpe): a table P (context, C) whose row t is added to every sequence's
 * position t: x (B, T, C) -> x + P[0:T], for T ≤ context. Backward: dX = dOut, dP[t] += Σ_b dOut[b, t].
 * <pre>Layer positions = new PositionalEmbedding(64, 128);</pre>
 */
public final class PositionalEmbedding extends Layer {
    private final int context, width;
    private final Param P;
    private Init init = Init.normal(0.01);
    private INDArray y; // buffer (B, T, C)

    public PositionalEmbedding(int context, int width) {
        super("positions");
        Shapes.require(context >= 1, "context (longest sequence)", context, ">= 1");
        Shapes.require(width >= 1, "width (C)", width, ">= 1");
        this.context = context;
        this.width = width;
        P = Param.of("W", true, 0, context, width);
        init(new Random(0));
    }

    // x (B, T, C) -> y (B, T, C) = x + P[0:T]; seen as rows (B, T·C) each plus the row P[0:T] (1, T·C)
    @Override
    protected INDArray doForward(INDArray x) {
        int T = (int) x.size(1);
        y = Buffers.like(y, x);
        INDArray rows = Buffers.rows(y, (long) T * width);
        Kernels.broadcastRows(first(P.value(), T), rows);                    // y = P[0:T] for every b
        Blas.axpy(1.0, Buffers.rows(x, (long) T * width), rows);              // y += x
        return y;
    }

    // dOut (B, T, C) -> dX = dOut; dP[0:T] += Σ_b dOut[b]
    @Override
    protected INDArray doBackward(INDArray dOut) {
        int T = (int) dOut.size(1);
        INDArray g = Buffers.rows(dOut, (long) T * width);
        Kernels.addColumnSums(Blas.isDense(g) ? g : g.dup('c'), first(P.grad(), T)); // dP[t] += Σ_b dOut[b, t]
        return dOut;                                                           // the identity: dX = dOut
    }

    /** The first T rows of a (context, C) table as one row (1, T·C): a view. */
    private INDArray first(INDArray table, int T) {
        INDArray flat = table.reshape('c', 1, (long) context * width);
        return T == context ? flat : flat.get(NDArrayIndex.all(), NDArrayIndex.interval(0, (long) T * width));
    }

    @Override
    public void init(Random rng) {
        P.fill(init, rng);
    }

    /** The initialiser of the table (default N(0, 0.01²), as GPT-2). */
    public PositionalEmbedding init(Init init) {
        this.init = init;
        return this;
    }

    /** (T, C) -> (T, C), for T ≤ context. */
    @Override
    public long[] outputShape(long[] in) {
        if (in.length != 2 || in[1] != width || in[0] > context) throw wrongInput("(B, T ≤ " + context + ", " + width + ")", in);
        return in;
    }

    public int context() {
        return context;
    }

    /** The table P (context, C). */
    public Param weight() {
        return P;
    }

    @Override
    protected List<Param> ownParams() {
        return List.of(P);
    }

    @Override
    public boolean numbered() {
        return false;
    }
}
