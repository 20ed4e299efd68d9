package org.residuallab.nn.fast;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Causal self-attention as matrix products per (batch, head), straight into BLAS on the arrays' own
 * memory (OpenBLAS; oneDNN's sgemm for float32 products of at least {@link #ONEDNN_SGEMM} multiply-adds on
 * x86_64): a head's queries, keys and values are (T, hs) matrices inside qkv (B, T, 3C) with leading
 * dimension 3C, so nothing is split, transposed or merged by copying. Same formulas as the loops of
 * {@code org.residuallab.nn.Attention} (the reference); a test proves the two agree.
 * Arrays must be dense, all float32 or all float64.
 */
public final class AttentionKernels {
    /**
     * From this many multiply-adds (16·16·16) a float32 product runs on oneDNN's sgemm, below on OpenBLAS's:
     * one thread on AMD EPYC, oneDNN took 1.9 µs for a head's 64·64·16 where OpenBLAS took 4.1 (and 3.2 against
     * 6.2 at 64·64·32), but 0.42 against 0.29 at 13·13·8.
     */
    static final long ONEDNN_SGEMM = 1L << 12;

    private AttentionKernels() {}

    /**
     * qkv (B, T, 3C) -> att (B, nh, T, T) the causal softmax of q·kᵀ/√hs, and y (B, T, C) = att·v
     * with the heads side by side (hs = C / nh).
     */
    public static void forward(INDArray qkv, INDArray att, INDArray y, int B, int T, int C, int nh) {
        check(qkv, att, y);
        int hs = C / nh, C3 = 3 * C;
        double scale = 1.0 / Math.sqrt(hs);
        INDArray mask = causalMask(T, att.dataType());
        long maskBytes = (long) T * T * att.data().getElementSize();
        At p = At.get();
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < nh; h++) {
                long q = (long) b * T * C3 + h * hs, k = q + C, a = ((long) b * nh + h) * T * T;
                Pointer.memcpy(p.f0.element(att, a), p.f1.element(mask, 0), maskBytes);        // att = the causal mask
                gemm(false, true, T, T, hs, scale, qkv, q, C3, qkv, k, C3, 1, att, a, T);   // att += q·kᵀ/√hs  (T, T)
            }
        }
        causalSoftmax(att, T);                                                           // att = softmax over s ≤ t
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < nh; h++) {
                long v = (long) b * T * C3 + 2 * C + h * hs, a = ((long) b * nh + h) * T * T, o = (long) b * T * C + h * hs;
                gemm(false, false, T, hs, T, 1, att, a, T, qkv, v, C3, 0, y, o, C);       // y_h = att·v  (T, hs)
            }
        }
    }

    /**
     * dY (B, T, C), qkv (B, T, 3C), att (B, nh, T, T) -> dQkv (B, T, 3C); dAtt (B, nh, T, T) is scratch.
     * dAtt = dY_h·vᵀ, dv = attᵀ·dY_h, dPre = att ⊙ (dAtt − Σ_s att·dAtt), dq = dPre·k/√hs, dk = dPreᵀ·q/√hs.
     */
    public static void backward(INDArray dY, INDArray qkv, INDArray att, INDArray dAtt, INDArray dQkv, int B, int T, int C, int nh) {
        check(dY, qkv, att, dAtt, dQkv);
        int hs = C / nh, C3 = 3 * C;
        double scale = 1.0 / Math.sqrt(hs);
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < nh; h++) {
                long q = (long) b * T * C3 + h * hs, v = q + 2 * C, a = ((long) b * nh + h) * T * T, o = (long) b * T * C + h * hs;
                gemm(false, true, T, T, hs, 1, dY, o, C, qkv, v, C3, 0, dAtt, a, T);      // dAtt = dY_h·vᵀ  (T, T)
                gemm(true, false, T, hs, T, 1, att, a, T, dY, o, C, 0, dQkv, v, C3);      // dv = attᵀ·dY_h  (T, hs)
            }
        }
        softmaxBackward(att, dAtt, T);                                                   // dAtt = att ⊙ (dAtt − Σ_s att·dAtt)
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < nh; h++) {
                long q = (long) b * T * C3 + h * hs, k = q + C, a = ((long) b * nh + h) * T * T;
                gemm(false, false, T, hs, T, scale, dAtt, a, T, qkv, k, C3, 0, dQkv, q, C3); // dq = dPre·k/√hs
                gemm(true, false, T, hs, T, scale, dAtt, a, T, qkv, q, C3, 0, dQkv, k, C3);  // dk = dPreᵀ·q/√hs
            }
        }
    }

    private static final java.util.Map<String, INDArray> MASKS = new java.util.concurrent.ConcurrentHashMap<>();

    /** (T, T): 0 where s ≤ t, −∞ where s > t. Added to the scores, it leaves the past as it is and hides the future. */
    static INDArray causalMask(int T, DataType type) {
        return MASKS.computeIfAbsent(T + " " + type, k -> {
            double[] m = new double[T * T];
            for (int t = 0; t < T; t++) java.util.Arrays.fill(m, t * T + t + 1, (t + 1) * T, Double.NEGATIVE_INFINITY);
            return Nd4j.create(m, new long[] {T, T}, DataType.DOUBLE).castTo(type);
        });
    }

    /**
     * Each row t of every (T, T) matrix in att, masked (−∞ for s > t): softmax over s ≤ t, 0 for s > t; in place.
     * Float32 on x86_64 runs oneDNN's softmax (e^(−∞) = 0); the loops read only s ≤ t.
     */
    static void causalSoftmax(INDArray att, int T) {
        if (Dnnl.available() && att.dataType() == DataType.FLOAT) { // float32: oneDNN's softmax; the mask's −∞ gives e^−∞ = 0
            Dnnl.softmax(att, att.length() / T, T);
            return;
        }
        double[] p = Doubles.load(att, 0);
        for (int row = 0, rows = (int) (att.length() / T); row < rows; row++) {
            int t = row % T, start = row * T;
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int s = 0; s <= t; s++) max = Math.max(max, p[start + s]);
            for (int s = 0; s <= t; s++) sum += p[start + s] = Math.exp(p[start + s] - max);
            for (int s = 0; s <= t; s++) p[start + s] /= sum;
            for (int s = t + 1; s < T; s++) p[start + s] = 0;
        }
        Kernels.fromDoubles(p, att);
    }

    /** dAtt = att ⊙ (dAtt − Σ_s att·dAtt) row by row, in place: softmax's backward (masked entries have att = 0). */
    static void softmaxBackward(INDArray att, INDArray dAtt, int T) {
        if (Kernels.fast(att, dAtt)) { // float32: over the unmasked part s ≤ t of each row only
            float[] p = Kernels.load(att, 0), g = Kernels.load(dAtt, 1);
            for (int row = 0, rows = (int) (att.length() / T); row < rows; row++) {
                int t = row % T, start = row * T;
                float dot = 0;
                for (int i = start; i <= start + t; i++) dot += p[i] * g[i];
                for (int i = start; i <= start + t; i++) g[i] = p[i] * (g[i] - dot);
                java.util.Arrays.fill(g, start + t + 1, start + T, 0f);
            }
            Kernels.store(g, dAtt);
            return;
        }
        double[] p = Doubles.load(att, 0), g = Doubles.load(dAtt, 1);
        for (int row = 0, rows = (int) (att.length() / T); row < rows; row++) {
            int t = row % T, start = row * T;
            double dot = 0;
            for (int s = 0; s <= t; s++) dot += p[start + s] * g[start + s];
            for (int s = 0; s < T; s++) g[start + s] = s <= t ? p[start + s] * (g[start + s] - dot) : 0;
        }
        Kernels.fromDoubles(g, dAtt);
    }

    /** c = alpha·op(a)·op(b) + beta·c on (M, N) = (M, K)·(K, N) matrices found inside a, b, c at element offsets, with leading dimensions. */
    private static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                             INDArray a, long offA, int lda, INDArray b, long offB, int ldb, double beta, INDArray c, long offC, int ldc) {
        At p = At.get();
        if (c.dataType() == DataType.FLOAT && Dnnl.available() && (long) m * n * k >= ONEDNN_SGEMM) {
            Dnnl.sgemm(transA, transB, m, n, k, (float) alpha, p.f0.at(a, offA), lda, p.f1.at(b, offB), ldb,
                    (float) beta, p.f2.at(c, offC), ldc);
            return;
        }
        Threads.forProduct(m, n, k);
        int ta = transA ? CblasTrans : CblasNoTrans, tb = transB ? CblasTrans : CblasNoTrans;
        if (c.dataType() == DataType.FLOAT) {
            cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, (float) alpha, p.f0.at(a, offA), lda, p.f1.at(b, offB), ldb,
                    (float) beta, p.f2.at(c, offC), ldc);
        } else {
            cblas_dgemm(CblasRowMajor, ta, tb, m, n, k, alpha, p.d0.at(a, offA), lda, p.d1.at(b, offB), ldb,
                    beta, p.d2.at(c, offC), ldc);
        }
    }

    private static void check(INDArray... xs) {
        DataType t = xs[0].dataType();
        for (INDArray x : xs) {
            if (x.dataType() != t || (t != DataType.FLOAT && t != DataType.DOUBLE) || !Blas.isDense(x)) {
                throw new IllegalArgumentException("attention kernels need dense float32 or float64 arrays of one type, got "
                        + x.dataType() + " " + Blas.str(x.shape()) + (Blas.isDense(x) ? "" : " (a view)"));
            }
        }
    }
}
