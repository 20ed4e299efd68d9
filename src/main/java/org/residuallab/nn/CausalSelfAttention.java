package org.residuallab.nn;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.fast.AttentionKernels;
import org.residuallab.nn.fast.Blas;
import org.residuallab.nn.fast.Buffers;
import org.residuallab.nn.fast.Kernels;

/**
 * Multi-head causal self-attention, GPT-2's layout: a fused projection qkv = x·W_qkv + b (C → 3C), split
 * into {@code heads} heads of hs = C / heads, each position t attends to positions s ≤ t with weights
 * softmax(q_t·k_s / √hs), the heads' outputs are put side by side and projected, out = y·W_proj + b (C → C).
 * x (B, T, C) -> out (B, T, C); a batch (B, C) is read as sequences of one position.
 * <pre>Layer attn = new CausalSelfAttention(64, 4);   // 4 heads of 16</pre>
 * The attention itself runs as matrix products ({@link AttentionKernels}), or as the plain loops of
 * {@link Attention} with {@link #reference(boolean)}.
 */
public final class CausalSelfAttention extends Layer {
    private final int width, heads;
    private final Dense qkv, proj;
    private boolean reference;
    private INDArray qkvOut;          // saved for backward: q, k, v of every position (B, T, 3C) (the qkv layer's own output)
    private INDArray att;             // saved for backward: the attention weights (B, nh, T, T)
    private INDArray y, dAtt, dQkv;   // buffers: heads' outputs (B, T, C), scratch (B, nh, T, T), dQkv (B, T, 3C)

    public CausalSelfAttention(int width, int heads) {
        this(width, heads, Init.normal(0.02), Init.normal(0.02));
    }

    /** With the initialisers of the qkv projection and of the output projection (GPT-2 scales the latter by 1/√(2·layers)). */
    public CausalSelfAttention(int width, int heads, Init init, Init projInit) {
        super("attention");
        Shapes.require(width >= 1, "width (C)", width, ">= 1");
        Shapes.require(heads >= 1 && width % heads == 0, "heads", heads, "a divisor of the width " + width);
        this.width = width;
        this.heads = heads;
        qkv = new Dense(width, 3 * width, init);
        proj = new Dense(width, width, projInit);
        place("", "attention", -1);
    }

    // x (B, T, C) -> out (B, T, C)
    @Override
    protected INDArray doForward(INDArray x) {
        if (x.rank() > 3) outputShape(Shapes.example(x.shape())); // throws: (B, T, C) or (B, C) only
        INDArray x3 = x.rank() == 2 ? x.reshape(x.size(0), 1, width) : x;
        int B = (int) x3.size(0), T = (int) x3.size(1);
        DataType type = x.dataType();
        qkvOut = qkv.passForward(x3);                                 // q, k, v = x·W_qkv + b  (B, T, 3C)
        att = Buffers.reuse(att, type, B, heads, T, T);
        y = Buffers.reuse(y, type, B, T, width);
        if (reference) {
            double[] a = new double[(int) att.length()], h = new double[(int) y.length()];
            Attention.forward(Kernels.toDoubles(qkvOut), a, h, B, T, width, heads); // att = softmax(q·kᵀ/√hs, masked); y = att·v
            Kernels.fromDoubles(a, att);
            Kernels.fromDoubles(h, y);
        } else {
            AttentionKernels.forward(qkvOut, att, y, B, T, width, heads);        // the same as matrix products per head
        }
        INDArray out = proj.passForward(y);                      // out = y·W_proj + b  (B, T, C)
        return x.rank() == 2 ? out.reshape(B, width) : out;
    }

    // dOut (B, T, C) -> dX (B, T, C); the projections add into their dW, db
    @Override
    protected INDArray doBackward(INDArray dOut) {
        int B = (int) att.size(0), T = (int) att.size(2);
        INDArray dY = proj.passBackward(dOut.rank() == 2 ? dOut.reshape(B, 1, width) : dOut); // dY = dOut·W_projᵀ (B, T, C)
        dQkv = Buffers.reuse(dQkv, dY.dataType(), B, T, 3 * width);
        if (reference) {
            double[] d = new double[(int) dQkv.length()];
            Attention.backward(Kernels.toDoubles(dY), Kernels.toDoubles(qkvOut), Kernels.toDoubles(att), d, B, T, width, heads);
            Kernels.fromDoubles(d, dQkv);
        } else {
            dAtt = Buffers.like(dAtt, att);
            AttentionKernels.backward(dense(dY), qkvOut, att, dAtt, dQkv, B, T, width, heads); // dq, dk, dv  (B, T, 3C)
        }
        INDArray dX = qkv.passBackward(dQkv);                      // dX = dQkv·W_qkvᵀ  (B, T, C)
        return dOut.rank() == 2 ? dX.reshape(B, width) : dX;
    }

    // the kernels read arrays in place: a view of a caller's array is copied first
    private static INDArray dense(INDArray a) {
        return Blas.isDense(a) ? a : a.dup('c');
    }

    /** Runs the attention as the plain loops of {@link Attention} (true) or as matrix products (false, the default). */
    public CausalSelfAttention reference(boolean reference) {
        this.reference = reference;
        return this;
    }

    /** (T, C) -> (T, C), or (C) -> (C) for sequences of one position: the last axis must be C wide. */
    @Override
    public long[] outputShape(long[] in) {
        if (in.length < 1 || in.length > 2 || in[in.length - 1] != width) throw wrongInput("(B, T, " + width + ")", in);
        return in;
    }

    @Override
    public long[] inputShape() {
        return new long[] {width};
    }

    public int heads() {
        return heads;
    }

    /** The fused query-key-value projection C → 3C (GPT-2's c_attn). */
    public Dense qkv() {
        return qkv;
    }

    /** The output projection C → C (GPT-2's c_proj). */
    public Dense proj() {
        return proj;
    }

    /** A copy of the last attention weights (B, nh, T, T): row t holds how much position t looked at each s ≤ t. */
    public INDArray weights() {
        return att == null ? null : att.dup();
    }

    @Override
    public List<Layer> children() {
        return List.of(qkv, proj);
    }

    @Override
    public boolean numbered() {
        return false;
    }

    @Override
    public void place(String parentPath, String name, int index) {
        super.place(parentPath, name, index);
        qkv.place(path(), "qkv", 0);
        proj.place(path(), "proj", 1);
    }
}
