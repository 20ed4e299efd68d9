package org.residuallab.nn.fast;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The loops of batch and layer normalisation, in double precision whatever the arrays' type. BatchNorm
 * normalises each channel of (B, C) or (B, C, H, W) over the batch (and the pixels); LayerNorm each row of a
 * matrix (N, C) over its columns. Per-channel vectors are (1, C), per-row vectors (N, 1).
 */
public final class Norms {
    private Norms() {}

    /**
     * mean (1, C) and var (1, C) (biased) of each channel of x (B, C, S...): over the batch and, for images,
     * the S = H·W pixels of every channel. A matrix (B, C) is the case S = 1: one statistic per column.
     * Loops run plane by plane: x[b, c] is S consecutive values.
     */
    public static void channelMoments(INDArray x, INDArray mean, INDArray var) {
        int B = (int) x.size(0), C = (int) x.size(1), S = (int) (x.length() / ((long) B * C));
        if (Kernels.fast(x)) {
            channelMoments(Kernels.load(x, 0), B, C, S, mean, var);
            return;
        }
        double[] v = Doubles.load(x, 0), m = Doubles.scratch(1, C), s = Doubles.scratch(2, C);
        java.util.Arrays.fill(m, 0, C, 0);
        java.util.Arrays.fill(s, 0, C, 0);
        for (int b = 0, i = 0; b < B; b++) {
            for (int c = 0; c < C; c++) {
                double sum = 0;
                for (int e = i + S; i < e; i++) sum += v[i];
                m[c] += sum;
            }
        }
        double n = (double) B * S;
        for (int c = 0; c < C; c++) m[c] /= n;
        for (int b = 0, i = 0; b < B; b++) {
            for (int c = 0; c < C; c++) {
                double sq = 0, mu = m[c];
                for (int e = i + S; i < e; i++) sq += (v[i] - mu) * (v[i] - mu);
                s[c] += sq;
            }
        }
        for (int c = 0; c < C; c++) s[c] /= n;
        Kernels.fromDoubles(m, mean);
        Kernels.fromDoubles(s, var);
    }

    /** mean (N, 1) and var (N, 1) (biased) of each row of x (N, C). */
    public static void rowMoments(INDArray x, INDArray mean, INDArray var) {
        int rows = (int) x.rows(), cols = (int) x.columns();
        if (Kernels.fast(x)) {
            float[] v = Kernels.load(x, 0);
            double[] m = Doubles.scratch(1, rows), s = Doubles.scratch(2, rows);
            for (int i = 0; i < rows; i++) {
                double sum = 0, sq = 0;
                for (int j = i * cols; j < (i + 1) * cols; j++) sum += v[j];
                double mu = sum / cols;
                for (int j = i * cols; j < (i + 1) * cols; j++) sq += (v[j] - mu) * (v[j] - mu);
                m[i] = mu;
                s[i] = sq / cols;
            }
            Kernels.fromDoubles(m, mean);
            Kernels.fromDoubles(s, var);
            return;
        }
        double[] v = Doubles.load(x, 0), m = Doubles.scratch(1, rows), s = Doubles.scratch(2, rows);
        for (int i = 0; i < rows; i++) {
            double sum = 0, sq = 0;
            for (int j = i * cols; j < (i + 1) * cols; j++) sum += v[j];
            double mu = sum / cols;
            for (int j = i * cols; j < (i + 1) * cols; j++) sq += (v[j] - mu) * (v[j] - mu);
            m[i] = mu;
            s[i] = sq / cols;
        }
        Kernels.fromDoubles(m, mean);
        Kernels.fromDoubles(s, var);
    }

    /** running = momentum·running + (1 − momentum)·batch, element by element (running statistics). */
    public static void lerp(INDArray running, double momentum, INDArray batch) {
        double[] r = Doubles.load(running, 0), b = Doubles.load(batch, 1);
        for (int i = 0, n = (int) running.length(); i < n; i++) r[i] = momentum * r[i] + (1 - momentum) * b[i];
        Kernels.fromDoubles(r, running);
    }

    /** rstd = 1 / √(var + eps), element by element. */
    public static void rsqrt(INDArray var, double eps, INDArray rstd) {
        double[] v = Doubles.load(var, 0);
        for (int i = 0, n = (int) var.length(); i < n; i++) v[i] = 1 / Math.sqrt(v[i] + eps);
        Kernels.fromDoubles(v, rstd);
    }

    /** x̂ = (x − mean)·rstd with mean and rstd per channel (1, C) of x (B, C, S...). */
    public static void normalizeChannels(INDArray x, INDArray mean, INDArray rstd, INDArray xHat) {
        int B = (int) x.size(0), C = (int) x.size(1), S = (int) (x.length() / ((long) B * C));
        double[] m = Doubles.load(mean, 1), r = Doubles.load(rstd, 2);
        if (Kernels.fast(x, xHat)) {
            float[] f = Kernels.load(x, 0);
            for (int b = 0, i = 0; b < B; b++) {
                for (int c = 0; c < C; c++) {
                    float mu = (float) m[c], rs = (float) r[c];
                    for (int e = i + S; i < e; i++) f[i] = (f[i] - mu) * rs;
                }
            }
            Kernels.store(f, xHat);
            return;
        }
        double[] v = Doubles.load(x, 0);
        for (int b = 0, i = 0; b < B; b++) {
            for (int c = 0; c < C; c++) {
                double mu = m[c], rs = r[c];
                for (int e = i + S; i < e; i++) v[i] = (v[i] - mu) * rs;
            }
        }
        Kernels.fromDoubles(v, xHat);
    }

    /** x̂ = (x − mean)·rstd with mean and rstd per row (N, 1) of x (N, C). */
    public static void normalizeRows(INDArray x, INDArray mean, INDArray rstd, INDArray xHat) {
        int cols = (int) x.columns();
        if (Kernels.fast(x, xHat)) {
            double[] m = Doubles.load(mean, 1), r = Doubles.load(rstd, 2);
            float[] v = Kernels.load(x, 0);
            for (int i = 0, rows = (int) x.rows(); i < rows; i++) {
                float mu = (float) m[i], rs = (float) r[i];
                for (int j = i * cols; j < (i + 1) * cols; j++) v[j] = (v[j] - mu) * rs;
            }
            Kernels.store(v, xHat);
            return;
        }
        double[] v = Doubles.load(x, 0), m = Doubles.load(mean, 1), r = Doubles.load(rstd, 2);
        for (int i = 0, n = (int) x.length(); i < n; i++) v[i] = (v[i] - m[i / cols]) * r[i / cols];
        Kernels.fromDoubles(v, xHat);
    }

    /** y = γ·x̂ + β with γ and β per channel (1, C) of x̂ (N, C, S...): per column of a matrix (N, C). */
    public static void scaleShift(INDArray xHat, INDArray gamma, INDArray beta, INDArray y) {
        int B = (int) xHat.size(0), C = (int) xHat.size(1), S = (int) (xHat.length() / ((long) B * C));
        double[] g = Doubles.load(gamma, 1), bt = Doubles.load(beta, 2);
        if (Kernels.fast(xHat, y) && S == 1) { // rows (B, C): the inner loop runs along a row
            float[] f = Kernels.load(xHat, 0), k = floats(g, C, 1), o = floats(bt, C, 2);
            for (int b = 0; b < B; b++) for (int c = 0, i = b * C; c < C; c++, i++) f[i] = k[c] * f[i] + o[c];
            Kernels.store(f, y);
            return;
        }
        if (Kernels.fast(xHat, y)) {
            float[] f = Kernels.load(xHat, 0);
            for (int b = 0, i = 0; b < B; b++) {
                for (int c = 0; c < C; c++) {
                    float k = (float) g[c], o = (float) bt[c];
                    for (int e = i + S; i < e; i++) f[i] = k * f[i] + o;
                }
            }
            Kernels.store(f, y);
            return;
        }
        double[] v = Doubles.load(xHat, 0);
        for (int b = 0, i = 0; b < B; b++) {
            for (int c = 0; c < C; c++) {
                double k = g[c], o = bt[c];
                for (int e = i + S; i < e; i++) v[i] = k * v[i] + o;
            }
        }
        Kernels.fromDoubles(v, y);
    }

    /** sums (1, C) += Σ a ⊙ b over all but the channel axis of a, b (N, C, S...): γ's gradient Σ dOut·x̂. */
    public static void addChannelDots(INDArray a, INDArray b, INDArray sums) {
        int B = (int) a.size(0), C = (int) a.size(1), S = (int) (a.length() / ((long) B * C));
        if (Kernels.fast(a, b) && S == 1) { // rows (B, C): one running sum per column, added row by row
            float[] u = Kernels.load(a, 0), v = Kernels.load(b, 1);
            double[] s = Doubles.load(sums, 2);
            for (int n = 0; n < B; n++) for (int c = 0, i = n * C; c < C; c++, i++) s[c] += u[i] * v[i];
            Kernels.fromDoubles(s, sums);
            return;
        }
        if (Kernels.fast(a, b)) {
            float[] u = Kernels.load(a, 0), v = Kernels.load(b, 1);
            double[] s = Doubles.load(sums, 2);
            for (int n = 0, i = 0; n < B; n++) {
                for (int c = 0; c < C; c++, i += S) s[c] += dot(u, v, i, S);
            }
            Kernels.fromDoubles(s, sums);
            return;
        }
        double[] u = Doubles.load(a, 0), v = Doubles.load(b, 1), s = Doubles.load(sums, 2);
        for (int n = 0, i = 0; n < B; n++) {
            for (int c = 0; c < C; c++) {
                double d = 0;
                for (int e = i + S; i < e; i++) d += u[i] * v[i];
                s[c] += d;
            }
        }
        Kernels.fromDoubles(s, sums);
    }

    /** sums (1, C) += Σ x over all but the channel axis of x (N, C, S...): β's gradient Σ dOut. */
    public static void addChannelSums(INDArray x, INDArray sums) {
        if (x.rank() == 2) {
            Kernels.addColumnSums(x, sums);
            return;
        }
        int B = (int) x.size(0), C = (int) x.size(1), S = (int) (x.length() / ((long) B * C));
        if (Kernels.fast(x)) {
            float[] v = Kernels.load(x, 0);
            double[] s = Doubles.load(sums, 1);
            for (int n = 0, i = 0; n < B; n++) {
                for (int c = 0; c < C; c++, i += S) s[c] += sum(v, i, S);
            }
            Kernels.fromDoubles(s, sums);
            return;
        }
        double[] v = Doubles.load(x, 0), s = Doubles.load(sums, 1);
        for (int n = 0, i = 0; n < B; n++) {
            for (int c = 0; c < C; c++) {
                double d = 0;
                for (int e = i + S; i < e; i++) d += v[i];
                s[c] += d;
            }
        }
        Kernels.fromDoubles(s, sums);
    }

    /**
     * BatchNorm's dX (B, C, S...) from dOut and x̂, γ and rstd (1, C); means over the batch and pixels. With batch
     * statistics: dX = γ·rstd·(dOut − mean dOut − x̂·mean(dOut·x̂)); with running statistics: dX = γ·rstd·dOut.
     */
    public static void batchNormBackward(INDArray dOut, INDArray xHat, INDArray gamma, INDArray rstd, boolean batchStats, INDArray dX) {
        int B = (int) dOut.size(0), C = (int) dOut.size(1), S = (int) (dOut.length() / ((long) B * C));
        if (Kernels.fast(dOut, xHat, dX)) {
            float[] g = Kernels.load(dOut, 0), h = Kernels.load(xHat, 1);
            double[] sg = null, sgh = null; // evaluation: the statistics are constants, no mean terms
            if (batchStats) channelSums(g, h, B, C, S, sg = Doubles.scratch(4, C), sgh = Doubles.scratch(5, C));
            batchNormBackward(g, h, B, C, S, Doubles.load(gamma, 2), Doubles.load(rstd, 3), sg, sgh, dX);
            return;
        }
        double[] g = Doubles.load(dOut, 0), h = Doubles.load(xHat, 1), k = Doubles.load(gamma, 2), r = Doubles.load(rstd, 3);
        double[] meanG = Doubles.scratch(4, C), meanGH = Doubles.scratch(5, C);
        java.util.Arrays.fill(meanG, 0, C, 0);
        java.util.Arrays.fill(meanGH, 0, C, 0);
        if (batchStats) {
            for (int b = 0, i = 0; b < B; b++) {
                for (int c = 0; c < C; c++) {
                    double sg = 0, sgh = 0;
                    for (int e = i + S; i < e; i++) {
                        sg += g[i];
                        sgh += g[i] * h[i];
                    }
                    meanG[c] += sg;
                    meanGH[c] += sgh;
                }
            }
            double n = (double) B * S;
            for (int c = 0; c < C; c++) {
                meanG[c] /= n;
                meanGH[c] /= n;
            }
        }
        for (int b = 0, i = 0; b < B; b++) {
            for (int c = 0; c < C; c++) {
                double kr = k[c] * r[c], mg = meanG[c], mgh = meanGH[c];
                for (int e = i + S; i < e; i++) g[i] = kr * (g[i] - mg - h[i] * mgh);
            }
        }
        Kernels.fromDoubles(g, dX);
    }

    /**
     * BatchNorm's forward after its statistics, in one pass for images: x̂ = (x − mean)·rstd, y = γ·x̂ + β, per channel
     * of x (B, C, S...) (as {@link #normalizeChannels} then {@link #scaleShift}).
     */
    public static void batchNorm(INDArray x, INDArray mean, INDArray rstd, INDArray gamma, INDArray beta, INDArray xHat, INDArray y) {
        int B = (int) x.size(0), C = (int) x.size(1), S = (int) (x.length() / ((long) B * C));
        if (S == 1 || !Kernels.fast(x, xHat, y)) {
            normalizeChannels(x, mean, rstd, xHat);
            scaleShift(xHat, gamma, beta, y);
            return;
        }
        double[] m = Doubles.load(mean, 1), r = Doubles.load(rstd, 2), k = Doubles.load(gamma, 3), o = Doubles.load(beta, 4);
        float[] f = Kernels.load(x, 0), out = Kernels.scratch(3, f.length);
        for (int b = 0, i = 0; b < B; b++) {
            for (int c = 0; c < C; c++) {
                float mu = (float) m[c], rs = (float) r[c], kc = (float) k[c], oc = (float) o[c];
                for (int e = i + S; i < e; i++) {
                    f[i] = (f[i] - mu) * rs;   // x̂
                    out[i] = kc * f[i] + oc;   // y
                }
            }
        }
        Kernels.store(f, xHat);
        Kernels.store(out, y);
    }

    /**
     * BatchNorm's backward in one pass for images, as llm.c's layernorm_backward: dγ += Σ dOut·x̂, dβ += Σ dOut, and dX as
     * {@link #batchNormBackward(INDArray, INDArray, INDArray, INDArray, boolean, INDArray)} (the two sums are the means it needs).
     */
    public static void batchNormBackward(INDArray dOut, INDArray xHat, INDArray gamma, INDArray rstd, boolean batchStats,
                                         INDArray dX, INDArray dGamma, INDArray dBeta) {
        int B = (int) dOut.size(0), C = (int) dOut.size(1), S = (int) (dOut.length() / ((long) B * C));
        if (S == 1 || !Kernels.fast(dOut, xHat, dX)) {
            addChannelDots(dOut, xHat, dGamma);
            addChannelSums(dOut, dBeta);
            batchNormBackward(dOut, xHat, gamma, rstd, batchStats, dX);
            return;
        }
        float[] g = Kernels.load(dOut, 0), h = Kernels.load(xHat, 1);
        double[] sg = Doubles.scratch(4, C), sgh = Doubles.scratch(5, C);
        channelSums(g, h, B, C, S, sg, sgh);
        double[] dg = Doubles.load(dGamma, 0), db = Doubles.load(dBeta, 1);
        for (int c = 0; c < C; c++) {
            dg[c] += sgh[c];
            db[c] += sg[c];
        }
        Kernels.fromDoubles(dg, dGamma);
        Kernels.fromDoubles(db, dBeta);
        batchNormBackward(g, h, B, C, S, Doubles.load(gamma, 2), Doubles.load(rstd, 3), batchStats ? sg : null, batchStats ? sgh : null, dX);
    }

    // float32: the same loops on the arrays' floats, sums in double
    private static void channelMoments(float[] v, int B, int C, int S, INDArray mean, INDArray var) {
        double[] m = Doubles.scratch(1, C), s = Doubles.scratch(2, C);
        java.util.Arrays.fill(m, 0, C, 0);
        java.util.Arrays.fill(s, 0, C, 0);
        int planes = B * C, p = 0;
        double[] two = new double[2];
        for (; p + 1 < planes; p += 2) {                           // two planes at a time, each summed as sum() does
            sums(v, p * S, (p + 1) * S, S, false, 0, 0, two);
            m[p % C] += two[0];
            m[(p + 1) % C] += two[1];
        }
        if (p < planes) m[p % C] += sum(v, p * S, S);
        double n = (double) B * S;
        for (int c = 0; c < C; c++) m[c] /= n;
        for (p = 0; p + 1 < planes; p += 2) {
            sums(v, p * S, (p + 1) * S, S, true, m[p % C], m[(p + 1) % C], two);
            s[p % C] += two[0];
            s[(p + 1) % C] += two[1];
        }
        if (p < planes) s[p % C] += squares(v, p * S, S, m[p % C]);
        for (int c = 0; c < C; c++) s[c] /= n;
        Kernels.fromDoubles(m, mean);
        Kernels.fromDoubles(s, var);
    }

    // Σ v[i..i+n), Σ (v − mu)², Σ u·v over one plane, in four running sums: one sum waits for the add before it
    // (4 cycles an element here), four run side by side; a plane of one element gives that element exactly
    private static double sum(float[] v, int i, int n) {
        double a = 0, b = 0, c = 0, d = 0;
        int e = i + n, j = i;
        for (; j + 3 < e; j += 4) {
            a += v[j];
            b += v[j + 1];
            c += v[j + 2];
            d += v[j + 3];
        }
        for (; j < e; j++) a += v[j];
        return (a + b) + (c + d);
    }

    private static double squares(float[] v, int i, int n, double mu) {
        double a = 0, b = 0, c = 0, d = 0;
        int e = i + n, j = i;
        for (; j + 3 < e; j += 4) {
            a += (v[j] - mu) * (v[j] - mu);
            b += (v[j + 1] - mu) * (v[j + 1] - mu);
            c += (v[j + 2] - mu) * (v[j + 2] - mu);
            d += (v[j + 3] - mu) * (v[j + 3] - mu);
        }
        for (; j < e; j++) a += (v[j] - mu) * (v[j] - mu);
        return (a + b) + (c + d);
    }

    // planes at i and k of n values each, side by side (eight running sums): their Σ v, or with squared their
    // Σ (v − mu)² and Σ (v − nu)², each in the order of sum() and squares(), so the same numbers as those
    private static void sums(float[] v, int i, int k, int n, boolean squared, double mu, double nu, double[] out) {
        double a = 0, b = 0, c = 0, d = 0, p = 0, q = 0, r = 0, t = 0;
        int j = 0;
        if (!squared) {
            for (; j + 3 < n; j += 4) {
                a += v[i + j]; b += v[i + j + 1]; c += v[i + j + 2]; d += v[i + j + 3];
                p += v[k + j]; q += v[k + j + 1]; r += v[k + j + 2]; t += v[k + j + 3];
            }
            for (; j < n; j++) {
                a += v[i + j];
                p += v[k + j];
            }
        } else {
            for (; j + 3 < n; j += 4) {
                a += (v[i + j] - mu) * (v[i + j] - mu); b += (v[i + j + 1] - mu) * (v[i + j + 1] - mu);
                c += (v[i + j + 2] - mu) * (v[i + j + 2] - mu); d += (v[i + j + 3] - mu) * (v[i + j + 3] - mu);
                p += (v[k + j] - nu) * (v[k + j] - nu); q += (v[k + j + 1] - nu) * (v[k + j + 1] - nu);
                r += (v[k + j + 2] - nu) * (v[k + j + 2] - nu); t += (v[k + j + 3] - nu) * (v[k + j + 3] - nu);
            }
            for (; j < n; j++) {
                a += (v[i + j] - mu) * (v[i + j] - mu);
                p += (v[k + j] - nu) * (v[k + j] - nu);
            }
        }
        out[0] = (a + b) + (c + d);
        out[1] = (p + q) + (r + t);
    }

    private static double dot(float[] u, float[] v, int i, int n) {
        double a = 0, b = 0, c = 0, d = 0;
        int e = i + n, j = i;
        for (; j + 3 < e; j += 4) {
            a += u[j] * v[j];
            b += u[j + 1] * v[j + 1];
            c += u[j + 2] * v[j + 2];
            d += u[j + 3] * v[j + 3];
        }
        for (; j < e; j++) a += u[j] * v[j];
        return (a + b) + (c + d);
    }

    // Σ dOut (sg) and Σ dOut·x̂ (sgh) per channel of g, h (B, C, S): both sums of a plane in one loop, each in
    // sum()'s and dot()'s order (eight running sums side by side, the same numbers as the two loops)
    private static void channelSums(float[] g, float[] h, int B, int C, int S, double[] sg, double[] sgh) {
        java.util.Arrays.fill(sg, 0, C, 0);
        java.util.Arrays.fill(sgh, 0, C, 0);
        for (int b = 0, i = 0; b < B; b++) {
            for (int c = 0; c < C; c++, i += S) {
                double a = 0, b1 = 0, c1 = 0, d = 0, p = 0, q = 0, r = 0, t = 0;
                int e = i + S, j = i;
                for (; j + 3 < e; j += 4) {
                    a += g[j]; b1 += g[j + 1]; c1 += g[j + 2]; d += g[j + 3];
                    p += g[j] * h[j]; q += g[j + 1] * h[j + 1]; r += g[j + 2] * h[j + 2]; t += g[j + 3] * h[j + 3];
                }
                for (; j < e; j++) {
                    a += g[j];
                    p += g[j] * h[j];
                }
                sg[c] += (a + b1) + (c1 + d);
                sgh[c] += (p + q) + (r + t);
            }
        }
    }

    // dX = γ·rstd·(dOut − mean dOut − x̂·mean(dOut·x̂)) from the channel sums sg, sgh; without sums (evaluation) γ·rstd·dOut
    private static void batchNormBackward(float[] g, float[] h, int B, int C, int S, double[] k, double[] r, double[] sg, double[] sgh, INDArray dX) {
        double n = (double) B * S;
        for (int b = 0, i = 0; b < B; b++) {
            for (int c = 0; c < C; c++) {
                float kr = (float) (k[c] * r[c]), mg = sg == null ? 0f : (float) (sg[c] / n), mgh = sgh == null ? 0f : (float) (sgh[c] / n);
                for (int e = i + S; i < e; i++) g[i] = kr * (g[i] - mg - h[i] * mgh);
            }
        }
        Kernels.store(g, dX);
    }

    // the first n doubles of d as floats, in a small per-thread array of this slot
    private static float[] floats(double[] d, int n, int slot) {
        float[][] all = SMALL.get();
        if (all[slot].length < n) all[slot] = new float[n];
        for (int i = 0; i < n; i++) all[slot][i] = (float) d[i];
        return all[slot];
    }

    private static final ThreadLocal<float[][]> SMALL = ThreadLocal.withInitial(() -> new float[4][0]);

    /**
     * Layer norm of each row of x (N, C): μ, σ² into mean, var (N, 1), rstd = 1/√(σ² + ε), x̂ = (x − μ)·rstd,
     * y = γ·x̂ + β. Float32 on x86_64 runs oneDNN's layer normalisation, which fills mean, var and y only;
     * otherwise the Java loops fill all five.
     */
    public static void layerNorm(INDArray x, INDArray gamma, INDArray beta, double eps,
                                 INDArray mean, INDArray var, INDArray rstd, INDArray xHat, INDArray y) {
        if (Dnnl.available() && Kernels.fast(x, y) && Kernels.fast(gamma, beta) && Kernels.fast(mean, var)) {
            Dnnl.layerNorm(x, gamma, beta, eps, mean, var, y);
            return;
        }
        rowMoments(x, mean, var);                // μ, σ² of each row
        rsqrt(var, eps, rstd);                   // rstd = 1/√(σ² + ε)
        normalizeRows(x, mean, rstd, xHat);      // x̂ = (x − μ)·rstd
        scaleShift(xHat, gamma, beta, y);        // y = γ·x̂ + β
    }

    /** dX (N, C), dγ += Σ_N dOut·x̂, dβ += Σ_N dOut, from what {@link #layerNorm} saved. */
    public static void layerNormBackward(INDArray dOut, INDArray x, INDArray mean, INDArray var, INDArray rstd, INDArray xHat,
                                         INDArray gamma, INDArray beta, double eps, INDArray dGamma, INDArray dBeta, INDArray dX) {
        if (Dnnl.available() && Kernels.fast(x, dOut, dX) && Kernels.fast(gamma, beta, dGamma, dBeta)) {
            Dnnl.layerNormBackward(x, mean, var, gamma, beta, eps, dOut, dX, dGamma, dBeta);
            return;
        }
        addChannelDots(dOut, xHat, dGamma);              // dγ += Σ_N dOut·x̂
        Kernels.addColumnSums(dOut, dBeta);              // dβ += Σ_N dOut
        layerNormBackward(dOut, xHat, gamma, rstd, dX);  // dx̂ = γ·dOut; dX = rstd·(dx̂ − mean dx̂ − x̂·mean(dx̂·x̂))
    }

    /** LayerNorm's dX (N, C): dx̂ = γ·dOut; dX = rstd·(dx̂ − mean_c dx̂ − x̂·mean_c(dx̂·x̂)), rstd per row (N, 1). */
    public static void layerNormBackward(INDArray dOut, INDArray xHat, INDArray gamma, INDArray rstd, INDArray dX) {
        int rows = (int) dOut.rows(), cols = (int) dOut.columns();
        if (Kernels.fast(dOut, xHat, dX)) {
            float[] g = Kernels.load(dOut, 0), h = Kernels.load(xHat, 1);
            double[] k = Doubles.load(gamma, 2), r = Doubles.load(rstd, 3);
            float[] kf = floats(k, cols, 3);
            for (int i = 0; i < rows; i++) {
                double mean = 0, meanH = 0;
                for (int j = 0, e = i * cols; j < cols; j++, e++) {
                    float d = kf[j] * g[e]; // dx̂
                    mean += d;
                    meanH += d * h[e];
                }
                float mu = (float) (mean / cols), muH = (float) (meanH / cols), rs = (float) r[i];
                for (int j = 0, e = i * cols; j < cols; j++, e++) g[e] = rs * (kf[j] * g[e] - mu - h[e] * muH);
            }
            Kernels.store(g, dX);
            return;
        }
        double[] g = Doubles.load(dOut, 0), h = Doubles.load(xHat, 1), k = Doubles.load(gamma, 2), r = Doubles.load(rstd, 3);
        for (int i = 0; i < rows; i++) {
            double mean = 0, meanH = 0;
            for (int j = 0; j < cols; j++) {
                double d = k[j] * g[i * cols + j]; // dx̂
                mean += d / cols;
                meanH += d * h[i * cols + j] / cols;
            }
            for (int j = 0; j < cols; j++) {
                int e = i * cols + j;
                g[e] = r[i] * (k[j] * g[e] - mean - h[e] * meanH);
            }
        }
        Kernels.fromDoubles(g, dX);
    }
}
