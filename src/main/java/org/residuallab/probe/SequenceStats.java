package org.residuallab.probe;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Statistics of token vectors for the sequence probes, as plain loops over row-major copies in double.
 * A token is a vector along the last axis: a (B, T, C) array holds B·T tokens of C numbers, a (B, C) one
 * B tokens.
 */
final class SequenceStats {
    private SequenceStats() {}

    /** True for the arrays whose last axis is a token's vector: (B, C) and (B, T, C). */
    static boolean isTokens(INDArray x) {
        return x.rank() == 2 || x.rank() == 3;
    }

    /** The mean over all tokens of ‖x_t‖₂; x (N·C) holds N tokens of {@code width}. */
    static double meanTokenNorm(double[] x, int width) {
        int tokens = x.length / width;
        double sum = 0;
        for (int t = 0; t < tokens; t++) {
            double sq = 0;
            for (int c = 0; c < width; c++) sq += x[t * width + c] * x[t * width + c];
            sum += Math.sqrt(sq);
        }
        return sum / tokens;
    }

    /** The mean over all tokens of ‖a_t − b_t‖₂: how far a layer moved each token. */
    static double meanTokenDistance(double[] a, double[] b, int width) {
        int tokens = a.length / width;
        double sum = 0;
        for (int t = 0; t < tokens; t++) {
            double sq = 0;
            for (int c = 0; c < width; c++) {
                double d = a[t * width + c] - b[t * width + c];
                sq += d * d;
            }
            sum += Math.sqrt(sq);
        }
        return sum / tokens;
    }

    /**
     * Dong et al.'s (2021) relative residual, averaged over the batch: for each example's token matrix
     * X (T, C), ‖X − 1·x̄ᵀ‖_F / ‖X‖_F with x̄ the mean token. x (B·T·C) row-major. An example whose
     * tokens are all zero counts as 0.
     */
    static double resRatio(double[] x, int batch, int tokens, int width) {
        double sum = 0;
        double[] mean = new double[width];
        for (int b = 0; b < batch; b++) {
            int at = b * tokens * width;
            java.util.Arrays.fill(mean, 0);
            for (int t = 0; t < tokens; t++) for (int c = 0; c < width; c++) mean[c] += x[at + t * width + c] / tokens; // x̄
            double res = 0, all = 0;
            for (int t = 0; t < tokens; t++) {
                for (int c = 0; c < width; c++) {
                    double v = x[at + t * width + c], r = v - mean[c];  // X − 1·x̄ᵀ
                    res += r * r;
                    all += v * v;
                }
            }
            sum += all == 0 ? 0 : Math.sqrt(res / all);
        }
        return sum / batch;
    }

    /**
     * The entropy −Σ_s a_ts·ln a_ts of each head's attention row, averaged over the batch and the query
     * positions t; att (B·nh·T·T) row-major. Returns one value per head (nats).
     */
    static double[] headEntropies(double[] att, int batch, int heads, int tokens) {
        double[] h = new double[heads];
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < heads; k++) {
                for (int t = 0; t < tokens; t++) {
                    int row = ((b * heads + k) * tokens + t) * tokens;
                    double e = 0;
                    for (int s = 0; s < tokens; s++) {
                        double a = att[row + s];
                        if (a > 0) e -= a * Math.log(a);
                    }
                    h[k] += e;
                }
            }
        }
        for (int k = 0; k < heads; k++) h[k] /= (double) batch * tokens;
        return h;
    }

    /** The entropy of attending evenly to every visible position, ln(t + 1) for query t, averaged over t: the causal maximum. */
    static double uniformEntropy(int tokens) {
        double sum = 0;
        for (int t = 0; t < tokens; t++) sum += Math.log(t + 1);
        return sum / tokens;
    }
}
