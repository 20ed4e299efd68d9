package org.residuallab.probe;

import java.util.function.DoublePredicate;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Kernels;

/**
 * Summary statistics of an array, each one Java pass over a copy of its elements in this thread's
 * reusable buffer (ND4J reductions cost ~50 µs each at these sizes, which made probes slower than
 * training). Sums accumulate in double; variances are taken about the first element for accuracy.
 */
final class Stats {
    private static final ThreadLocal<double[]> BUFFER = ThreadLocal.withInitial(() -> new double[0]);

    private Stats() {}

    /** x's elements in row-major order, in this thread's buffer (valid until the next call). */
    static double[] values(INDArray x) {
        double[] v = Kernels.toDoubles(x, BUFFER.get());
        BUFFER.set(v);
        return v;
    }

    /** Mean of all elements. */
    static double mean(INDArray x) {
        double[] v = values(x);
        int n = (int) x.length();
        double s = 0;
        for (int i = 0; i < n; i++) s += v[i];
        return n == 0 ? Double.NaN : s / n;
    }

    /** Population standard deviation of all elements. */
    static double std(INDArray x) {
        return x.length() < 2 ? 0 : summary(x)[2];
    }

    /** Fraction of elements meeting {@code c}. */
    static double fraction(INDArray x, DoublePredicate c) {
        return count(x, c) / (double) x.length();
    }

    static long count(INDArray x, DoublePredicate c) {
        double[] v = values(x);
        long k = 0;
        for (int i = 0, n = (int) x.length(); i < n; i++) if (c.test(v[i])) k++;
        return k;
    }

    /** Fraction of the columns of x (B, C) whose maximum over the batch is ≤ 0: ReLU units dead on this batch. */
    static double deadColumns(INDArray x) {
        double[] v = values(x);
        int rows = (int) x.rows(), cols = (int) x.columns(), dead = 0;
        for (int j = 0; j < cols; j++) {
            boolean alive = false;
            for (int i = 0; i < rows && !alive; i++) alive = v[i * cols + j] > 0;
            if (!alive) dead++;
        }
        return dead / (double) cols;
    }

    /**
     * The four gradient numbers plus what pooling needs: {l2, mean |.|, std, max |.|, mean, n}.
     */
    static double[] summary(INDArray g) {
        double[] v = values(g);
        int n = (int) g.length();
        if (n == 0) return new double[] {0, Double.NaN, 0, 0, Double.NaN, 0};
        double shift = v[0], sq = 0, abs = 0, max = 0, d = 0, dd = 0;
        for (int i = 0; i < n; i++) {
            double e = v[i], a = Math.abs(e);
            sq += e * e;
            abs += a;
            if (a > max || a != a) max = a; // NaN wins, as in ND4J's reductions
            double c = e - shift;
            d += c;
            dd += c * c;
        }
        double meanShifted = d / n, var = Math.max(0, dd / n - meanShifted * meanShifted);
        return new double[] {Math.sqrt(sq), abs / n, Math.sqrt(var), max, shift + meanShifted, n};
    }

    /** {std(before), std(after − before)} for a weight copied before an update and the weight now. */
    static double[] stdBeforeAndOfChange(double[] before, INDArray after) {
        double[] v = values(after);
        int n = (int) after.length();
        if (n < 2) return new double[] {0, 0};
        double s0 = before[0], s1 = v[0] - before[0], d0 = 0, dd0 = 0, d1 = 0, dd1 = 0;
        for (int i = 0; i < n; i++) {
            double a = before[i] - s0, c = v[i] - before[i] - s1;
            d0 += a;
            dd0 += a * a;
            d1 += c;
            dd1 += c * c;
        }
        return new double[] {Math.sqrt(Math.max(0, dd0 / n - (d0 / n) * (d0 / n))), Math.sqrt(Math.max(0, dd1 / n - (d1 / n) * (d1 / n)))};
    }

    /** Pools summaries of several arrays as if they were one: exact l2, mean |.|, max; std from the pooled moments. */
    static double[] pool(java.util.List<double[]> parts) {
        if (parts.size() == 1) return parts.get(0);
        double sq = 0, abs = 0, sum = 0, second = 0, max = 0, n = 0;
        for (double[] p : parts) {
            sq += p[0] * p[0];
            abs += p[1] * p[5];
            sum += p[4] * p[5];
            second += p[5] * (p[2] * p[2] + p[4] * p[4]);
            max = Math.max(max, p[3]);
            n += p[5];
        }
        double mean = sum / n;
        return new double[] {Math.sqrt(sq), abs / n, Math.sqrt(Math.max(0, second / n - mean * mean)), max, mean, n};
    }

    /** {min, max} of all elements: the range a histogram's bins split. */
    static double[] range(INDArray x) {
        double[] v = values(x);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0, n = (int) x.length(); i < n; i++) {
            lo = Math.min(lo, v[i]);
            hi = Math.max(hi, v[i]);
        }
        return new double[] {lo, hi};
    }

    /** Counts of all elements in {@code bins} equal bins over [lo, hi] (the top edge in the last bin; all in bin 0 when constant). */
    static long[] counts(INDArray x, int bins, double lo, double hi) {
        long[] c = new long[bins];
        if (!(hi > lo)) {
            c[0] = x.length();
            return c;
        }
        double[] v = values(x);
        double scale = bins / (hi - lo);
        for (int i = 0, n = (int) x.length(); i < n; i++) {
            int b = (int) ((v[i] - lo) * scale);
            c[Math.max(0, Math.min(bins - 1, b))]++;
        }
        return c;
    }
}
