package org.residuallab.nn.fast;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The loops of batch and layer normalisation, in double precision whatever the arrays' type. Arrays
 * are matrices of rows (N, C): BatchNorm normalises each column over the rows, LayerNorm each row over
 * its columns. Per-column vectors are (1, C), per-row vectors (N, 1).
 */
public final class Norms {
    private Norms() {}

    /** mean (1, C) = Σ_n x / N and var (1, C) = Σ_n (x − mean)² / N (biased), for each column of x (N, C). */
    public static void columnMoments(INDArray x, INDArray mean, INDArray var) {
        int rows = (int) x.rows(), cols = (int) x.columns();
        double[] v = Doubles.load(x, 0), m = Doubles.scratch(1, cols), s = Doubles.scratch(2, cols);
        java.util.Arrays.fill(m, 0, cols, 0);
        java.util.Arrays.fill(s, 0, cols, 0);
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m[j] += v[i * cols + j];
        for (int j = 0; j < cols; j++) m[j] /= rows;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double d = v[i * cols + j] - m[j];
                s[j] += d * d;
            }
        }
        for (int j = 0; j < cols; j++) s[j] /= rows;
        Kernels.fromDoubles(m, mean);
        Kernels.fromDoubles(s, var);
    }

    /** mean (N, 1) and var (N, 1) (biased) of each row of x (N, C). */
    public static void rowMoments(INDArray x, INDArray mean, INDArray var) {
        int rows = (int) x.rows(), cols = (int) x.columns();
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

    /** x̂ = (x − mean)·rstd with mean and rstd per column (1, C) of x (N, C). */
    public static void normalizeColumns(INDArray x, INDArray mean, INDArray rstd, INDArray xHat) {
        int cols = (int) x.columns();
        double[] v = Doubles.load(x, 0), m = Doubles.load(mean, 1), r = Doubles.load(rstd, 2);
        for (int i = 0, n = (int) x.length(); i < n; i++) v[i] = (v[i] - m[i % cols]) * r[i % cols];
        Kernels.fromDoubles(v, xHat);
    }

    /** x̂ = (x − mean)·rstd with mean and rstd per row (N, 1) of x (N, C). */
    public static void normalizeRows(INDArray x, INDArray mean, INDArray rstd, INDArray xHat) {
        int cols = (int) x.columns();
        double[] v = Doubles.load(x, 0), m = Doubles.load(mean, 1), r = Doubles.load(rstd, 2);
        for (int i = 0, n = (int) x.length(); i < n; i++) v[i] = (v[i] - m[i / cols]) * r[i / cols];
        Kernels.fromDoubles(v, xHat);
    }

    /** y = γ·x̂ + β with γ and β per column (1, C) of x̂ (N, C). */
    public static void scaleShift(INDArray xHat, INDArray gamma, INDArray beta, INDArray y) {
        int cols = (int) xHat.columns();
        double[] v = Doubles.load(xHat, 0), g = Doubles.load(gamma, 1), b = Doubles.load(beta, 2);
        for (int i = 0, n = (int) xHat.length(); i < n; i++) v[i] = g[i % cols] * v[i] + b[i % cols];
        Kernels.fromDoubles(v, y);
    }

    /** sums (1, C) += Σ_n a ⊙ b over the rows of a, b (N, C): γ's gradient Σ dOut·x̂. */
    public static void addColumnDots(INDArray a, INDArray b, INDArray sums) {
        int cols = (int) a.columns();
        double[] u = Doubles.load(a, 0), v = Doubles.load(b, 1), s = Doubles.load(sums, 2);
        for (int i = 0, n = (int) a.length(); i < n; i++) s[i % cols] += u[i] * v[i];
        Kernels.fromDoubles(s, sums);
    }

    /**
     * BatchNorm's dX (N, C) from dOut and x̂ (N, C), γ and rstd (1, C). With batch statistics:
     * dX = γ·rstd·(dOut − mean_n dOut − x̂·mean_n(dOut·x̂)); with running statistics: dX = γ·rstd·dOut.
     */
    public static void batchNormBackward(INDArray dOut, INDArray xHat, INDArray gamma, INDArray rstd, boolean batchStats, INDArray dX) {
        int rows = (int) dOut.rows(), cols = (int) dOut.columns();
        double[] g = Doubles.load(dOut, 0), h = Doubles.load(xHat, 1), k = Doubles.load(gamma, 2), r = Doubles.load(rstd, 3);
        double[] meanG = Doubles.scratch(4, cols), meanGH = Doubles.scratch(5, cols);
        java.util.Arrays.fill(meanG, 0, cols, 0);
        java.util.Arrays.fill(meanGH, 0, cols, 0);
        if (batchStats) {
            for (int i = 0; i < rows * cols; i++) {
                meanG[i % cols] += g[i] / rows;
                meanGH[i % cols] += g[i] * h[i] / rows;
            }
        }
        for (int i = 0; i < rows * cols; i++) {
            int j = i % cols;
            g[i] = k[j] * r[j] * (g[i] - meanG[j] - h[i] * meanGH[j]);
        }
        Kernels.fromDoubles(g, dX);
    }

    /** LayerNorm's dX (N, C): dx̂ = γ·dOut; dX = rstd·(dx̂ − mean_c dx̂ − x̂·mean_c(dx̂·x̂)), rstd per row (N, 1). */
    public static void layerNormBackward(INDArray dOut, INDArray xHat, INDArray gamma, INDArray rstd, INDArray dX) {
        int rows = (int) dOut.rows(), cols = (int) dOut.columns();
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
