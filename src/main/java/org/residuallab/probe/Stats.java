package org.residuallab.probe;

import java.util.List;
import java.util.function.DoublePredicate;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.fast.Blas;
import org.residuallab.nn.fast.Kernels;

/**
 * Summary statistics of an array, each one Java pass over a copy of its elements in this thread's
 * reusable buffer: float32 arrays as floats, others as doubles (ND4J reductions cost ~50 µs each at
 * these sizes, which made probes slower than training). Sums accumulate in double.
 */
final class Stats {
    private static final ThreadLocal<Elements> BUFFER = ThreadLocal.withInitial(Elements::new);
    private static final ThreadLocal<int[]> BINS = ThreadLocal.withInitial(() -> new int[0]);

    private Stats() {}

    /** An array's elements in row-major order: {@code f} for float32 arrays, else {@code d}. */
    static final class Elements {
        float[] f = new float[0];
        double[] d = new double[0];
        boolean isFloat;
        int n;

        double get(int i) {
            return isFloat ? f[i] : d[i];
        }
    }

    /** x's elements in this thread's buffer (valid until the next call on this thread). */
    static Elements values(INDArray x) {
        Elements e = BUFFER.get();
        e.n = (int) x.length();
        e.isFloat = x.dataType() == DataType.FLOAT;
        if (e.isFloat) e.f = Kernels.toFloats(x, e.f);
        else e.d = Kernels.toDoubles(x, e.d);
        return e;
    }

    /** Mean of all elements. */
    static double mean(INDArray x) {
        return summary(x)[4];
    }

    /** Population standard deviation of all elements. */
    static double std(INDArray x) {
        return x.length() < 2 ? 0 : meanStd(x)[1];
    }

    /**
     * {mean, std} of all elements. A dense float32 array is read where it lies, by two BLAS dot products
     * (Σx with ones, Σx²) on the calling thread: with the data still in cache this costs less than copying
     * it for another thread. NaN or ±∞ anywhere, or squares beyond float32, take the Java loop.
     */
    static double[] meanStd(INDArray x) {
        int n = (int) x.length();
        if (n >= 1024 && x.dataType() == DataType.FLOAT && Blas.isDense(x)) { // below, the Java loop is faster
            double sq = Blas.dot(x, x);
            if (Double.isFinite(sq)) {
                double mean = Blas.sum(x) / n, var = sq / n - mean * mean;
                if (precise(var, mean)) return new double[] {mean, Math.sqrt(var)};
            }
        }
        double[] s = summary(values(x));
        return new double[] {s[4], s[2]};
    }

    // a variance from float32 sums (Σx² to about 1e-5 relative) is precise to 1 % when it is not far below mean²;
    // an array of nearly equal values (a saturated layer) takes the Java loop's double sums
    private static boolean precise(double var, double mean) {
        return var >= 1e-3 * mean * mean;
    }

    static double std(Elements v) {
        return v.n < 2 ? 0 : summary(v)[2];
    }

    /** Fraction of elements meeting {@code c}. */
    static double fraction(INDArray x, DoublePredicate c) {
        return count(x, c) / (double) x.length();
    }

    static long count(INDArray x, DoublePredicate c) {
        Elements v = values(x);
        long k = 0;
        for (int i = 0; i < v.n; i++) if (c.test(v.get(i))) k++;
        return k;
    }

    /**
     * Number of elements with |x| &gt; t (tanh saturation); NaN counts as not above. A dense float32 array
     * is counted on its bit patterns (a vectorised pass); anything else on its values.
     */
    static long countAbsAbove(INDArray x, double t) {
        if (x.dataType() != DataType.FLOAT || !Blas.isDense(x) || !(t >= 0)) return countAbsAbove(values(x), t);
        int n = (int) x.length();
        int[] bits = Kernels.floatBits(x, BITS.get());
        BITS.set(bits);
        // for float x: |x| > t exactly when |x| > tf, the largest float not above t; and for floats that are not
        // negative, their bit patterns compare as the values do. NaN's bits lie above +∞'s (0x7f800000).
        float tf = (float) t;
        if (tf > t) tf = Math.nextDown(tf);
        int tb = Float.floatToRawIntBits(Math.abs(tf)), k = 0;
        for (int i = 0; i < n; i++) {
            int a = bits[i] & 0x7fffffff; // |x|
            k += ((tb - a) & (a - 0x7f800001)) >>> 31; // 1 when a > tb and a ≤ +∞
        }
        return k;
    }

    private static final ThreadLocal<int[]> BITS = ThreadLocal.withInitial(() -> new int[0]);

    /** Number of elements with |v| &gt; t (tanh saturation); one branch-free pass, no lambda per element. */
    static long countAbsAbove(Elements v, double t) {
        long k = 0;
        if (v.isFloat) for (int i = 0; i < v.n; i++) k += Math.abs(v.f[i]) > t ? 1 : 0;
        else for (int i = 0; i < v.n; i++) k += Math.abs(v.d[i]) > t ? 1 : 0;
        return k;
    }

    /** Number of elements outside [lo, hi] (sigmoid saturation); NaN counts as neither. */
    static long countOutside(Elements v, double lo, double hi) {
        long k = 0;
        if (v.isFloat) for (int i = 0; i < v.n; i++) k += v.f[i] < lo || v.f[i] > hi ? 1 : 0;
        else for (int i = 0; i < v.n; i++) k += v.d[i] < lo || v.d[i] > hi ? 1 : 0;
        return k;
    }

    /** Fraction of the columns of x (B, C) whose maximum over the batch is ≤ 0: ReLU units dead on this batch. */
    static double deadColumns(INDArray x) {
        return deadColumns(values(x), (int) x.rows(), (int) x.columns());
    }

    static double deadColumns(Elements v, int rows, int cols) {
        int dead = 0;
        if (v.isFloat) {
            for (int j = 0; j < cols; j++) {
                boolean alive = false;
                for (int i = j; i < rows * cols && !alive; i += cols) alive = v.f[i] > 0;
                if (!alive) dead++;
            }
            return dead / (double) cols;
        }
        for (int j = 0; j < cols; j++) {
            boolean alive = false;
            for (int i = 0; i < rows && !alive; i++) alive = v.get(i * cols + j) > 0;
            if (!alive) dead++;
        }
        return dead / (double) cols;
    }

    /** {l2, mean |.|, std, max |.|, mean, n}: the four gradient numbers plus what pooling needs. */
    static double[] summary(INDArray x) {
        int n = (int) x.length();
        if (n >= 1024 && x.dataType() == DataType.FLOAT && Blas.isDense(x)) {
            // four BLAS level-1 passes where x lies (float32 partial sums, relative error about 1e-6 here),
            // about four times faster than the Java loop below; NaN or ±∞, or nearly equal values, take that loop
            double sq = Blas.dot(x, x);
            if (Double.isFinite(sq)) {
                double sum = Blas.sum(x), mean = sum / n;
                if (precise(sq / n - mean * mean, mean)) return summary(sum, sq, Blas.asum(x), Blas.amax(x), n);
            }
        }
        return summary(values(x));
    }

    static double[] summary(Elements v) {
        int n = v.n;
        if (n == 0) return new double[] {0, Double.NaN, 0, 0, Double.NaN, 0};
        double[] m = v.isFloat ? moments(v.f, n) : moments(v.d, n); // {Σx, Σx², Σ|x|, max |x|}
        return summary(m[0], m[1], m[2], m[3], n);
    }

    private static double[] summary(double sum, double sq, double abs, double max, int n) {
        double mean = sum / n, var = Math.max(0, sq / n - mean * mean);
        return new double[] {Math.sqrt(sq), abs / n, Math.sqrt(var), max, mean, n};
    }

    // the hottest loop of the probes (tried: four accumulator lanes, Math.max and float blocks were no
    // faster on Java 17, which vectorises none of these loops; a NaN test per element cost 25%)
    private static double[] moments(float[] f, int n) {
        double sum = 0, sq = 0, abs = 0;
        float max = 0;
        for (int i = 0; i < n; i++) {
            float x = f[i], a = Math.abs(x);
            double e = x;
            sum += e;
            sq += e * e;
            abs += a;
            max = a > max ? a : max;
        }
        if (sum != sum) { // a NaN element (or +∞ and −∞): a NaN wins max, as in ND4J's reductions
            for (int i = 0; i < n; i++) if (f[i] != f[i]) return new double[] {sum, sq, abs, Double.NaN};
        }
        return new double[] {sum, sq, abs, max};
    }

    private static double[] moments(double[] d, int n) {
        double sum = 0, sq = 0, abs = 0, max = 0;
        for (int i = 0; i < n; i++) {
            double e = d[i], a = Math.abs(e);
            sum += e;
            sq += e * e;
            abs += a;
            max = a > max || a != a ? a : max;
        }
        return new double[] {sum, sq, abs, max};
    }

    /** A copy of x's elements (into {@code reuse} when it fits), e.g. a weight before an update. */
    static Elements copy(INDArray x, Elements reuse) {
        Elements c = reuse != null ? reuse : new Elements();
        c.n = (int) x.length();
        c.isFloat = x.dataType() == DataType.FLOAT;
        if (c.isFloat) c.f = Kernels.toFloats(x, c.f);
        else c.d = Kernels.toDoubles(x, c.d);
        return c;
    }

    /**
     * {std(before), std(after − before)} for a copy of weights before an update and the weights after it (same
     * shape, only read); {@code before} is overwritten with before − after. Dense float32 copies take BLAS passes where they lie
     * (with the Java loop for nearly equal values, see {@link #meanStd}); others go through ND4J and the Java loop.
     */
    static double[] updateStds(INDArray before, INDArray after) {
        if (before.length() < 2 || before.length() != after.length()) return new double[] {0, 0};
        double data = meanStd(before)[1];
        Blas.axpy(-1, after, before); // −(after − before): the same spread
        return new double[] {data, meanStd(before)[1]};
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

    /** A histogram: {@code bins} equal bins over [lo, hi] = [min, max] of the values (all in bin 0 when constant). */
    record Binned(double lo, double hi, long[] counts) {}

    /** Bins all elements of x over their [min, max]; the top edge falls in the last bin. */
    static Binned histogram(INDArray x, int bins) {
        return histogram(values(x), bins);
    }

    static Binned histogram(Elements v, int bins) {
        double[] range = range(v);
        double lo = range[0], hi = range[1];
        long[] c = new long[bins];
        if (!(hi > lo)) {
            c[0] = v.n;
        } else if (v.isFloat) {
            // two passes, bin numbers first: in one loop the float-to-int conversion and the counting
            // ran 3.5 times slower than apart (Java 17)
            double scale = bins / (hi - lo);
            int[] bin = BINS.get();
            if (bin.length < v.n) BINS.set(bin = new int[v.n]);
            for (int i = 0; i < v.n; i++) bin[i] = (int) ((v.f[i] - lo) * scale); // ≥ 0; NaN gives 0
            int[] k = new int[bins];
            for (int i = 0; i < v.n; i++) k[Math.min(bins - 1, bin[i])]++; // the top edge falls in the last bin
            for (int b = 0; b < bins; b++) c[b] = k[b];
        } else {
            double scale = bins / (hi - lo);
            for (int i = 0; i < v.n; i++) c[Math.max(0, Math.min(bins - 1, (int) ((v.d[i] - lo) * scale)))]++;
        }
        return new Binned(lo, hi, c);
    }

    /** {min, max} of all elements (NaN ignored). */
    static double[] range(INDArray x) {
        return range(values(x));
    }

    private static double[] range(Elements v) {
        if (v.isFloat) {
            float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < v.n; i++) {
                float e = v.f[i];
                lo = e < lo ? e : lo;
                hi = e > hi ? e : hi;
            }
            return new double[] {lo, hi};
        }
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v.n; i++) {
            double e = v.get(i);
            if (e < lo) lo = e;
            if (e > hi) hi = e;
        }
        return new double[] {lo, hi};
    }

    /** Counts in {@code bins} equal bins over x's [min, max] ({@code lo}, {@code hi} must be that range). */
    static long[] counts(INDArray x, int bins, double lo, double hi) {
        return histogram(x, bins).counts();
    }
}
