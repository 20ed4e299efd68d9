package org.residuallab.probe;

import java.util.List;
import java.util.function.IntPredicate;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.fast.Blas;
import org.residuallab.nn.fast.Kernels;

/**
 * Summary statistics of all elements of an array, for the probes. A dense float32 array of 1024 elements
 * or more is read where it lies by BLAS level 1 (Σx, Σx², Σ|x|, max |x|: several times faster than a
 * Java loop); anything else, and anything BLAS's float32 sums cannot give precisely (NaN, ±∞, nearly
 * equal values), is copied out and summed in one Java loop in double. Counts and histograms are Java
 * loops over a copy: float32 arrays in this thread's scratch buffer, others in a fresh double[].
 * ND4J's own reductions cost about 50 µs a call at these sizes, more than the arithmetic.
 */
final class Stats {
    private Stats() {}

    /** {l2, mean |.|, std, max |.|, mean, n}: the four gradient numbers plus what {@link #pool} needs. */
    static double[] summary(INDArray x) {
        int n = (int) x.length();
        if (blas(x)) {
            double sq = Blas.dot(x, x), sum = Blas.sum(x), mean = sum / n;
            if (Double.isFinite(sq) && precise(sq / n - mean * mean, mean)) return summary(sum, sq, Blas.asum(x), Blas.amax(x), n);
        }
        return loopSummary(x);
    }

    /** {mean, std} of all elements (population std). */
    static double[] meanStd(INDArray x) {
        int n = (int) x.length();
        if (blas(x)) {
            double sq = Blas.dot(x, x), mean = Blas.sum(x) / n, var = sq / n - mean * mean;
            if (Double.isFinite(sq) && precise(var, mean)) return new double[] {mean, Math.sqrt(var)};
        }
        double[] s = loopSummary(x);
        return new double[] {s[4], s[2]};
    }

    /** Population standard deviation of all elements (0 for fewer than two). */
    static double std(INDArray x) {
        return x.length() < 2 ? 0 : meanStd(x)[1];
    }

    // below 1024 elements the Java loop is faster than four BLAS calls
    private static boolean blas(INDArray x) {
        return x.length() >= 1024 && x.dataType() == DataType.FLOAT && Blas.isDense(x);
    }

    // a variance from float32 sums (Σx² to about 1e-5 relative) is precise to 1 % when it is not far below
    // mean²; an array of nearly equal values (a saturated layer) takes the Java loop's double sums
    private static boolean precise(double var, double mean) {
        return var >= 1e-3 * mean * mean;
    }

    /** {@link #summary} by one Java pass in double, never BLAS; a NaN element makes the max NaN. */
    static double[] loopSummary(INDArray x) {
        int n = (int) x.length();
        if (n == 0) return new double[] {0, Double.NaN, 0, 0, Double.NaN, 0};
        double sum = 0, sq = 0, abs = 0, max = 0;
        if (isFloat(x)) {
            float[] f = floats(x);
            for (int i = 0; i < n; i++) {
                double e = f[i], a = Math.abs(e);
                sum += e;
                sq += e * e;
                abs += a;
                max = a > max || a != a ? a : max;
            }
        } else {
            for (double e : Kernels.toDoubles(x)) {
                double a = Math.abs(e);
                sum += e;
                sq += e * e;
                abs += a;
                max = a > max || a != a ? a : max;
            }
        }
        return summary(sum, sq, abs, max, n);
    }

    private static double[] summary(double sum, double sq, double abs, double max, int n) {
        double mean = sum / n, var = Math.max(0, sq / n - mean * mean);
        return new double[] {Math.sqrt(sq), abs / n, Math.sqrt(var), max, mean, n};
    }

    /** Pools summaries of several arrays as if they were one: exact l2, mean |.|, max; std from the pooled moments. */
    static double[] pool(List<double[]> parts) {
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

    /**
     * {std(before), std(after − before)} for a copy of weights taken before an update and the weights after
     * it (same shape); {@code before} is overwritten with before − after (the same spread as the update).
     */
    static double[] updateStds(INDArray before, INDArray after) {
        if (before.length() < 2 || before.length() != after.length()) return new double[] {0, 0};
        double data = meanStd(before)[1];
        Blas.axpy(-1, after, before);
        return new double[] {data, meanStd(before)[1]};
    }

    /**
     * Fraction of elements with |x| &gt; t (tanh saturation); NaN is not above. A float32 array is counted
     * on its bit patterns: for floats that are not negative the patterns compare as the values do, and a
     * loop over ints vectorises on Java 17 where the same loop over floats does not (about twice as fast here).
     */
    static double fractionAbsAbove(INDArray x, double t) {
        int n = (int) x.length(), k = 0; // an int count: a long one kept the loop from vectorising
        if (isFloat(x) && Blas.isDense(x) && t >= 0) {
            float tf = (float) t; // |x| > t exactly when |x| > tf, the largest float not above t
            if (tf > t) tf = Math.nextDown(tf);
            int tb = Float.floatToRawIntBits(tf), nan = 0x7f800001; // NaN's patterns lie above +∞'s (0x7f800000)
            int[] bits = floatBits(x);
            for (int i = 0; i < n; i++) {
                int a = bits[i] & 0x7fffffff; // |x|
                k += ((tb - a) & (a - nan)) >>> 31; // 1 when tb < a < NaN
            }
        } else {
            double[] d = Kernels.toDoubles(x);
            for (int i = 0; i < n; i++) k += Math.abs(d[i]) > t ? 1 : 0;
        }
        return k / (double) n;
    }

    /** Fraction of elements outside [lo, hi] (sigmoid saturation); NaN is neither. */
    static double fractionOutside(INDArray x, double lo, double hi) {
        int n = (int) x.length();
        long k = 0;
        if (isFloat(x)) {
            float[] f = floats(x);
            for (int i = 0; i < n; i++) k += f[i] < lo || f[i] > hi ? 1 : 0;
        } else {
            double[] d = Kernels.toDoubles(x);
            for (int i = 0; i < n; i++) k += d[i] < lo || d[i] > hi ? 1 : 0;
        }
        return k / (double) n;
    }

    /**
     * Fraction of the columns of x (rows, cols), row-major, never positive: ReLU units dead on this batch.
     * Each column is read down to its first positive element: a healthy unit is seen alive in a few rows.
     */
    static double deadColumns(INDArray x, int rows, int cols) {
        return deadChannels(x, rows, cols, 1);
    }

    /**
     * Fraction of the channels of x (B, C, S), row-major (S = H·W pixels of an image, 1 for a matrix), never
     * positive over the batch and the pixels: ReLU channels dead on this batch. Each channel is read until
     * its first positive element.
     */
    static double deadChannels(INDArray x, int batch, int channels, int pixels) {
        IntPredicate positive;
        if (isFloat(x)) {
            float[] f = floats(x);
            positive = i -> f[i] > 0;
        } else {
            double[] d = Kernels.toDoubles(x);
            positive = i -> d[i] > 0;
        }
        int dead = 0;
        for (int c = 0; c < channels; c++) {
            boolean alive = false;
            for (int b = 0; b < batch && !alive; b++) {
                int from = (b * channels + c) * pixels; // x[b, c, 0]
                for (int p = 0; p < pixels && !alive; p++) alive = positive.test(from + p);
            }
            if (!alive) dead++;
        }
        return dead / (double) channels;
    }

    /** A histogram: {@code bins} equal bins over [lo, hi] = [min, max] of the values (all in bin 0 when constant). */
    record Binned(double lo, double hi, long[] counts) {}

    /** Bins all elements of x over their [min, max] (NaN is ignored by the range and falls in bin 0); the top edge falls in the last bin. */
    static Binned histogram(INDArray x, int bins) {
        return isFloat(x) ? histogram(floats(x), (int) x.length(), bins) : histogram(Kernels.toDoubles(x), bins);
    }

    // v[0..n) float32 values; bin numbers are computed in double, as for double values
    private static Binned histogram(float[] v, int n, int bins) {
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            lo = v[i] < lo ? v[i] : lo;
            hi = v[i] > hi ? v[i] : hi;
        }
        long[] c = new long[bins];
        if (!(hi > lo)) {
            c[0] = n;
            return new Binned(lo, hi, c);
        }
        double scale = bins / ((double) hi - lo);
        for (int i = 0; i < n; i++) c[Math.max(0, Math.min(bins - 1, (int) ((v[i] - (double) lo) * scale)))]++;
        return new Binned(lo, hi, c);
    }

    private static Binned histogram(double[] v, int bins) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double e : v) {
            lo = e < lo ? e : lo;
            hi = e > hi ? e : hi;
        }
        long[] c = new long[bins];
        if (!(hi > lo)) {
            c[0] = v.length;
            return new Binned(lo, hi, c);
        }
        double scale = bins / (hi - lo);
        for (double e : v) c[Math.max(0, Math.min(bins - 1, (int) ((e - lo) * scale)))]++;
        return new Binned(lo, hi, c);
    }

    private static boolean isFloat(INDArray x) {
        return x.dataType() == DataType.FLOAT;
    }

    // The loops read a copy of a float32 array in this thread's scratch buffer, valid until the next copy
    // on this thread: allocating a fresh 32-64 KB array for each copy cost as much as a loop over it here.
    // Arrays of other types (float64 in gradient checks) are copied to a fresh double[].
    private static final ThreadLocal<float[]> FLOATS = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<int[]> INTS = ThreadLocal.withInitial(() -> new int[0]);

    /** x's first elements in row-major order, in this thread's scratch buffer (which may be longer than x). */
    private static float[] floats(INDArray x) {
        float[] f = Kernels.toFloats(x, FLOATS.get());
        FLOATS.set(f);
        return f;
    }

    /** The bit patterns of a dense float32 array's elements, in this thread's scratch buffer. */
    private static int[] floatBits(INDArray x) {
        int[] b = Kernels.floatBits(x, INTS.get());
        INTS.set(b);
        return b;
    }
}
