package org.residuallab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.fast.Blas;
import org.residuallab.nn.fast.Buffers;

/**
 * An output head that reuses a token embedding's table E (vocab, C) (weight tying, Press & Wolf 2017;
 * GPT-2): logits = x·Eᵀ, x (B, T, C) -> (B, T, vocab). It owns no parameter: E belongs to the
 * {@link Embedding}, so a model counts it once and an optimiser updates it once, and backward adds
 * dE += dOutᵀ·x into the same gradient the embedding adds into: the two uses' gradients add up.
 * <pre>Embedding tokens = new Embedding(65, 128);
 * Layer head = new TiedHead(tokens);</pre>
 */
public final class TiedHead extends Layer {
    private final Embedding embedding;
    private INDArray x;      // saved for backward, as rows (N, C): dE = dOutᵀ·x
    private INDArray y, dX;  // buffers, as rows

    public TiedHead(Embedding embedding) {
        super("head");
        if (embedding == null) throw new IllegalArgumentException("a tied head needs the embedding whose table it reuses");
        this.embedding = embedding;
    }

    // x (N, C) -> logits (N, vocab), N = B·T
    @Override
    protected INDArray doForward(INDArray x) {
        INDArray E = embedding.weight().value();
        this.x = Buffers.rows(x, embedding.width());
        y = Buffers.reuse(y, x.dataType(), this.x.rows(), embedding.vocab());
        Blas.gemm(this.x, E, y, false, true, 1.0, 0.0);           // logits = x·Eᵀ
        return Buffers.shaped(y, x, embedding.vocab());
    }

    // dOut (N, vocab) -> dX (N, C); dE += dOutᵀ·x
    @Override
    protected INDArray doBackward(INDArray dOut) {
        Param E = embedding.weight();
        INDArray g = Buffers.rows(dOut, embedding.vocab());
        Blas.gemm(g, x, E.grad(), true, false, 1.0, 1.0);         // dE += dOutᵀ·x  (the embedding adds its part too)
        dX = Buffers.reuse(dX, g.dataType(), g.rows(), embedding.width());
        Blas.gemm(g, E.value(), dX, false, false, 1.0, 0.0);      // dX = dOut·E
        return Buffers.shaped(dX, dOut, embedding.width());
    }

    /** (..., C) -> (..., vocab). */
    @Override
    public long[] outputShape(long[] in) {
        if (in.length == 0 || in[in.length - 1] != embedding.width()) {
            throw wrongInput("(B, ..., " + embedding.width() + ")", in);
        }
        long[] o = in.clone();
        o[o.length - 1] = embedding.vocab();
        return o;
    }

    @Override
    public long[] inputShape() {
        return new long[] {embedding.width()};
    }

    /** The embedding whose table this head reuses. */
    public Embedding embedding() {
        return embedding;
    }

    @Override
    public String kind() {
        return "TiedHead";
    }

    @Override
    public boolean numbered() {
        return false;
    }
}
