package org.residuallab.nn;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.fast.Buffers;
import org.residuallab.nn.fast.Convolutions;
import org.residuallab.nn.fast.Kernels;

/**
 * 2-D convolution of (B, C, H, W) images: y[b, o] = Σ_c W[o, c] ⋆ x[b, c] + bias[o], with k×k filters W
 * (O, C, k, k) as in PyTorch, stride s and zero padding p, so OH = (H + 2p − k)/s + 1. Read as a matrix
 * product: unfold each image's patches into columns ({@link Im2col}) and y_b = W · cols. Float32 batches run
 * through oneDNN's convolutions (ND4J's conv2d where oneDNN is missing), which a test checks against this reading.
 * <pre>new Conv2d(3, 16, 3)                    // 3×3, stride 1, padding 1: keeps H and W
 * new Conv2d(16, 32, 3, 2, 1, false)     // stride 2 halves H and W; no bias (BatchNorm follows)</pre>
 */
public final class Conv2d extends Layer {
    private final int in, out, kernel, stride, padding;
    private final Param W, b;   // W (O, C, k, k); b (1, O), or null without a bias
    private Init init = Init.he();
    private INDArray x;         // saved for backward: dW = Σ dOut · unfold(x)ᵀ
    private INDArray y, dX;     // buffers
    private final Convolutions.Kept kept = new Convolutions.Kept(); // the fast path's own copy of x, for dW

    /** A k×k convolution with stride 1, padding k/2 (same size out for odd k) and a bias. */
    public Conv2d(int in, int out, int kernel) {
        this(in, out, kernel, 1, kernel / 2, true);
    }

    public Conv2d(int in, int out, int kernel, int stride, int padding, boolean bias) {
        super("conv2d");
        Shapes.require(in >= 1, "in (input channels)", in, ">= 1");
        Shapes.require(out >= 1, "out (output channels)", out, ">= 1");
        Shapes.require(kernel >= 1, "kernel", kernel, ">= 1");
        Shapes.require(stride >= 1, "stride", stride, ">= 1");
        Shapes.require(padding >= 0 && padding < kernel, "padding", padding, ">= 0 and < kernel " + kernel);
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.W = Param.of("W", true, 0, out, in, kernel, kernel);
        this.b = bias ? Param.of("b", true, 0, 1, out) : null;
        init(new Random(0));
    }

    // x (B, C, H, W) -> y (B, O, OH, OW)
    @Override
    protected INDArray doForward(INDArray x) {
        this.x = x;
        Im2col g = geometry(x);
        y = Buffers.reuse(y, x.dataType(), x.size(0), out, g.outHeight(), g.outWidth());
        if (Convolutions.fast(x)) {
            if (!isTraining()) kept.forget(); // an evaluation's batch (maybe large) is not kept: a backward after it reorders x
            Convolutions.forward(x, W.value(), b == null ? null : b.value(), y, stride, padding, isTraining() ? kept : null); // oneDNN: faster
            return y;
        }
        int B = (int) x.size(0), K = g.patchSize(), N = g.outHeight() * g.outWidth();
        double[] xs = Kernels.toDoubles(x), w = Kernels.toDoubles(W.value()), ys = new double[B * out * N];
        double[] bias = b == null ? new double[out] : Kernels.toDoubles(b.value());
        for (int img = 0; img < B; img++) {
            double[] cols = g.unfold(xs, img * in * g.height() * g.width());   // (C·k·k, OH·OW)
            for (int o = 0; o < out; o++) {
                for (int n = 0; n < N; n++) {                                   // y_b = W · cols + bias
                    double s = bias[o];
                    for (int r = 0; r < K; r++) s += w[o * K + r] * cols[r * N + n];
                    ys[(img * out + o) * N + n] = s;
                }
            }
        }
        Kernels.fromDoubles(ys, y);
        return y;
    }

    // dOut (B, O, OH, OW) -> dX (B, C, H, W); dW += Σ_b dOut_b · cols_bᵀ, db += Σ dOut, dX_b = fold(Wᵀ · dOut_b)
    @Override
    protected INDArray doBackward(INDArray dOut) {
        dX = Buffers.like(dX, x);
        if (Convolutions.fast(x)) {
            Convolutions.backward(x, W.value(), dOut, dX, W.grad(), b == null ? null : b.grad(), stride, padding, kept);
            return dX;
        }
        Im2col g = geometry(x);
        int B = (int) x.size(0), K = g.patchSize(), N = g.outHeight() * g.outWidth(), image = in * g.height() * g.width();
        double[] xs = Kernels.toDoubles(x), w = Kernels.toDoubles(W.value()), d = Kernels.toDoubles(dOut);
        double[] dW = Kernels.toDoubles(W.grad()), dB = new double[out], dx = new double[B * image];
        for (int img = 0; img < B; img++) {
            double[] cols = g.unfold(xs, img * image), dCols = new double[K * N];
            for (int o = 0; o < out; o++) {
                for (int n = 0; n < N; n++) {
                    double gr = d[(img * out + o) * N + n];
                    dB[o] += gr;                                                // db += Σ dOut
                    for (int r = 0; r < K; r++) {
                        dW[o * K + r] += gr * cols[r * N + n];                  // dW += dOut_b · colsᵀ
                        dCols[r * N + n] += w[o * K + r] * gr;                  // dCols = Wᵀ · dOut_b
                    }
                }
            }
            g.fold(dCols, dx, img * image);                                     // dX_b = fold(dCols)
        }
        Kernels.fromDoubles(dW, W.grad());
        if (b != null) {
            double[] db = Kernels.toDoubles(b.grad());
            for (int o = 0; o < out; o++) db[o] += dB[o];
            Kernels.fromDoubles(db, b.grad());
        }
        Kernels.fromDoubles(dx, dX);
        return dX;
    }

    private Im2col geometry(INDArray x) {
        return new Im2col(in, (int) x.size(2), (int) x.size(3), kernel, stride, padding);
    }

    @Override
    public void init(Random rng) {
        W.fill(init, rng);
        if (b != null) b.fill(0);
    }

    public Conv2d init(Init init) {
        this.init = init;
        return this;
    }

    /** (C, H, W) -> (O, OH, OW). */
    @Override
    public long[] outputShape(long[] s) {
        if (s.length != 3 || s[0] != in) throw wrongInput("(B, " + in + ", H, W)", s);
        if (s[1] + 2L * padding < kernel || s[2] + 2L * padding < kernel) {
            throw wrongInput("(B, " + in + ", H, W) with H, W >= " + (kernel - 2 * padding), s);
        }
        return new long[] {out, (s[1] + 2L * padding - kernel) / stride + 1, (s[2] + 2L * padding - kernel) / stride + 1};
    }

    public int inChannels() { return in; }

    public int outChannels() { return out; }

    public int kernel() { return kernel; }

    public int stride() { return stride; }

    public int padding() { return padding; }

    public Param weight() { return W; }

    /** The bias, or null when built without one. */
    public Param bias() { return b; }

    @Override
    protected List<Param> ownParams() {
        return b == null ? List.of(W) : List.of(W, b);
    }
}
