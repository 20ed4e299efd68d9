package org.residuallab.nn.fast;

import static org.bytedeco.openblas.global.openblas_nolapack.cblas_saxpy;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The element-wise work of a training step, each as one loop over plain Java arrays: an ND4J
 * operation costs about 100 µs on a (64, 128) batch whatever it computes, a loop about 5 µs.
 * Each method names its formula. The fast loops run on contiguous float32 arrays; float64 (the
 * gradient checks), views and other types run the same formula as ND4J operations, exactly. Where oneDNN
 * loaded ({@link Dnnl}), float32 GELU runs its primitive instead; the residual add runs BLAS's axpy.
 * Arrays are (B, C) unless stated; outputs may not share memory with inputs unless stated.
 */
public final class Kernels {
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[4][0]);

    private Kernels() {}

    /**
     * y = tanh(x); float32 via {@link #tanh(float)}, anything else through Math.tanh in double (ND4J's
     * op returns 0 for |x| below about 1e-16: it computes (e^2x − 1)/(e^2x + 1)).
     */
    public static void tanh(INDArray x, INDArray y) {
        if (!fast(x, y)) {
            double[] v = toDoubles(x);
            for (int i = 0; i < v.length; i++) v[i] = Math.tanh(v[i]);
            fromDoubles(v, y);
            return;
        }
        float[] v = load(x, 0);
        for (int i = 0, n = (int) x.length(); i < n; i++) v[i] = tanh(v[i]);
        store(v, y);
    }

    /** dX = dOut · (1 − y²), from tanh's output y. */
    public static void tanhBackward(INDArray y, INDArray dOut, INDArray dX) {
        if (!fast(y, dOut, dX)) {
            dX.assign(y).muli(y).rsubi(1).muli(dOut);
            return;
        }
        float[] v = load(y, 0), g = load(dOut, 1);
        for (int i = 0, n = (int) y.length(); i < n; i++) g[i] *= 1 - v[i] * v[i];
        store(g, dX);
    }

    /** y = max(x, 0). */
    public static void relu(INDArray x, INDArray y) {
        if (!fast(x, y)) {
            Nd4j.exec(new RectifiedLinear(x, y, 0.0));
            return;
        }
        float[] v = load(x, 0);
        for (int i = 0, n = (int) x.length(); i < n; i++) v[i] = Math.max(v[i], 0f);
        store(v, y);
    }

    /**
     * dX = dOut where x > 0, else 0. Float32 on x86_64 runs oneDNN's loop on the arrays' memory, which passes dOut
     * where x is NaN (the forward already gave NaN there, and the loss reports it). The Java loop works on the bit
     * patterns (an int loop that Java vectorises, a float loop with a branch it does not): dOut's bits are kept
     * where x's say "positive".
     */
    public static void reluBackward(INDArray x, INDArray dOut, INDArray dX) {
        if (!fast(x, dOut, dX)) {
            Nd4j.exec(new Step(x, dX, 0.0));
            dX.muli(dOut);
            return;
        }
        if (Dnnl.available()) { // oneDNN's vectorised loop on the arrays' memory; where x is NaN it passes dOut
            Dnnl.reluBackward(x, dOut, dX);
            return;
        }
        int n = (int) x.length();
        int[] v = bits(x, 0), g = bits(dOut, 1);
        for (int i = 0; i < n; i++) g[i] &= positiveMask(v[i]);
        Blas.Pointers.get().i0.at(dX).put(g, 0, n);
    }

    /** y = 1 / (1 + e^−x), computed in double and rounded. */
    public static void sigmoid(INDArray x, INDArray y) {
        if (!fast(x, y)) {
            Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid(x, y));
            return;
        }
        float[] v = load(x, 0);
        for (int i = 0, n = (int) x.length(); i < n; i++) v[i] = (float) (1 / (1 + Math.exp(-v[i])));
        store(v, y);
    }

    /** dX = dOut · y · (1 − y), from the sigmoid's output y. */
    public static void sigmoidBackward(INDArray y, INDArray dOut, INDArray dX) {
        if (!fast(y, dOut, dX)) {
            dX.assign(y).rsubi(1).muli(y).muli(dOut);
            return;
        }
        float[] v = load(y, 0), g = load(dOut, 1);
        for (int i = 0, n = (int) y.length(); i < n; i++) g[i] *= v[i] * (1 - v[i]);
        store(g, dX);
    }

    /** out = alpha·a + beta·b; out may be a or b. The residual add, and the loss gradient. */
    public static void add(INDArray out, double alpha, INDArray a, double beta, INDArray b) {
        if (!fast(a, b, out)) {
            INDArray bb = b.mul(beta);
            out.assign(a);
            if (alpha != 1.0) out.muli(alpha);
            out.addi(bb);
            return;
        }
        float al = (float) alpha, be = (float) beta;
        if (al == 1f && be == 1f) { // out = a + b by BLAS on the arrays' memory (a + 1·b rounds exactly as a + b)
            Blas.Pointers p = Blas.Pointers.get();
            long o = Blas.address(out), n = a.length();
            INDArray other = b;
            if (o == Blas.address(b)) other = a;                                            // out += a
            else if (o != Blas.address(a)) Pointer.memcpy(p.f0.at(out), p.f1.at(a), n * Float.BYTES); // out = a
            cblas_saxpy((int) n, 1f, p.f1.at(other), 1, p.f0.at(out), 1);                   // out += b
            return;
        }
        float[] u = load(a, 0), v = load(b, 1);
        for (int i = 0, n = (int) a.length(); i < n; i++) u[i] = al * u[i] + be * v[i];
        store(u, out);
    }

    /** out = alpha·x; out may be x. */
    public static void scale(INDArray out, double alpha, INDArray x) {
        if (!fast(x, out)) {
            out.assign(x).muli(alpha);
            return;
        }
        float[] v = load(x, 0);
        float al = (float) alpha;
        for (int i = 0, n = (int) x.length(); i < n; i++) v[i] *= al;
        store(v, out);
    }

    /** Σ a ⊙ b over all elements, accumulated in double. */
    public static double dot(INDArray a, INDArray b) {
        if (!fast(a, b)) return a.castTo(DataType.DOUBLE).mul(b.castTo(DataType.DOUBLE)).sumNumber().doubleValue();
        float[] u = load(a, 0), v = load(b, 1);
        double s = 0;
        for (int i = 0, n = (int) a.length(); i < n; i++) s += (double) u[i] * v[i];
        return s;
    }

    /** Every row of y (B, C) = row (1, C): a bias, before a product adds into y. */
    public static void broadcastRows(INDArray row, INDArray y) {
        if (row.length() != y.columns()) {
            throw new IllegalArgumentException("broadcastRows: row " + Blas.str(row.shape()) + " does not fit the rows of "
                    + Blas.str(y.shape()));
        }
        if (!fast(row) || !fast(y)) {
            y.assign(0).addiRowVector(row);
            return;
        }
        long cols = y.columns(), rows = y.rows();
        At p = At.get();
        Pointer.memcpy(p.f0.at(y, 0), p.f1.at(row, 0), cols * Float.BYTES);    // row 0 = row
        for (long done = 1; done < rows; done *= 2) {                         // rows [done, 2·done) = rows [0, done)
            Pointer.memcpy(p.f0.at(y, done * cols), p.f1.at(y, 0), Math.min(done, rows - done) * cols * Float.BYTES);
        }
    }

    /** sums (1, C) += Σ over rows of x (B, C): a bias gradient. As a product: sums += onesᵀ·x. */
    public static void addColumnSums(INDArray x, INDArray sums) {
        if (sums.length() != x.columns()) {
            throw new IllegalArgumentException("addColumnSums: " + Blas.str(sums.shape()) + " cannot hold the column sums of "
                    + Blas.str(x.shape()));
        }
        Blas.addColumnSums(x, sums);
    }

    /** y = x if x > 0, else slope·x. */
    public static void leakyRelu(INDArray x, double slope, INDArray y) {
        double[] v = Doubles.load(x, 0);
        for (int i = 0, n = (int) x.length(); i < n; i++) if (!(v[i] > 0)) v[i] *= slope;
        fromDoubles(v, y);
    }

    /** dX = dOut where x > 0, else slope·dOut. */
    public static void leakyReluBackward(INDArray x, double slope, INDArray dOut, INDArray dX) {
        double[] v = Doubles.load(x, 0), g = Doubles.load(dOut, 1);
        for (int i = 0, n = (int) x.length(); i < n; i++) if (!(v[i] > 0)) g[i] *= slope;
        fromDoubles(g, dX);
    }

    /**
     * Φ(x) = ½(1 + erf(x/√2)) into cdf, and y = x·Φ(x): the exact GELU. Float32 uses oneDNN's gelu_erf where
     * it loaded (which leaves cdf unset: its backward recomputes Φ), else {@link #erf(float)}; anything else
     * ND4J's erf in double.
     */
    public static void gelu(INDArray x, INDArray cdf, INDArray y) {
        if (Dnnl.available() && fast(x, y)) {
            Dnnl.gelu(x, y);
            return;
        }
        if (fast(x, cdf, y)) {
            float[] v = load(x, 0), c = scratch(1, v.length);
            for (int i = 0, n = (int) x.length(); i < n; i++) {
                c[i] = 0.5f * (1 + erf(v[i] * 0.70710678f)); // Φ(x)
                v[i] *= c[i];                                // x·Φ(x)
            }
            store(c, cdf);
            store(v, y);
            return;
        }
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.Erf(x.mul(1 / Math.sqrt(2)), cdf));
        double[] v = Doubles.load(x, 0), c = Doubles.load(cdf, 1);
        for (int i = 0, n = (int) x.length(); i < n; i++) {
            c[i] = 0.5 * (1 + c[i]); // Φ(x)
            v[i] *= c[i];            // x·Φ(x)
        }
        fromDoubles(c, cdf);
        fromDoubles(v, y);
    }

    /** dX = dOut · (Φ(x) + x·φ(x)), φ(x) = e^(−x²/2)/√(2π), from GELU's input x and its Φ(x). */
    public static void geluBackward(INDArray x, INDArray cdf, INDArray dOut, INDArray dX) {
        if (Dnnl.available() && fast(x, dOut, dX)) {
            Dnnl.geluBackward(x, dOut, dX);
            return;
        }
        if (fast(x, cdf, dOut, dX)) {
            float[] v = load(x, 0), c = load(cdf, 1), g = load(dOut, 2);
            for (int i = 0, n = (int) x.length(); i < n; i++) {
                g[i] *= c[i] + v[i] * 0.39894228f * exp(-0.5f * v[i] * v[i]);
            }
            store(g, dX);
            return;
        }
        double[] v = Doubles.load(x, 0), c = Doubles.load(cdf, 1), g = Doubles.load(dOut, 2);
        double k = 1 / Math.sqrt(2 * Math.PI);
        for (int i = 0, n = (int) x.length(); i < n; i++) g[i] *= c[i] + v[i] * k * Math.exp(-0.5 * v[i] * v[i]);
        fromDoubles(g, dX);
    }

    /**
     * e^y for float32 without a call to Math.exp: y·log2(e) = n + f with n whole and |f| ≤ ½, then
     * 2^f by a degree-6 polynomial times 2^n set in the exponent bits; relative error below 2e-6 on [−20, 10]
     * (rounding y·log2(e) to float), 0 below −87. The loops that call it stay scalar (Java 17 does not vectorise
     * the int conversion), and there a clamp by comparisons costs less than Math.min/max (GELU's backward 27 %
     * faster; the same bits as the Math.min/max clamp, NaN and −0 included).
     */
    public static float exp(float y) {
        float t = (y < -87f ? -87f : y > 88f ? 88f : y) * 1.44269504f;  // y·log2(e)
        float n = (t + 12582912f) - 12582912f, f = t - n;          // n = t rounded (adding 1.5·2^23 drops the fraction), |f| ≤ ½
        float p = 1.5403530e-4f;                                    // 2^f ≈ Σ (f·ln2)^k / k!
        p = p * f + 1.3333558e-3f;
        p = p * f + 9.6181291e-3f;
        p = p * f + 5.5504109e-2f;
        p = p * f + 2.4022651e-1f;
        p = p * f + 6.9314718e-1f;
        p = p * f + 1f;
        float r = p * Float.intBitsToFloat(((int) n + 127) << 23);  // · 2^n
        return y < -87f ? 0f : r;
    }

    /**
     * erf for float32 in a few multiply-adds and one division: Eigen's rational approximation (odd degree-13
     * over even degree-8 polynomial, clamped at ±4), absolute error below 5e-7 (a few float32 ulps near 1).
     */
    public static float erf(float v) {
        float x = Math.max(-4f, Math.min(4f, v)), x2 = x * x;
        float p = x2 * -2.72614225801306e-10f + 2.77068142495902e-08f;
        p = x2 * p + -2.10102402082508e-06f;
        p = x2 * p + -5.69250639462346e-05f;
        p = x2 * p + -7.34990630326855e-04f;
        p = x2 * p + -2.95459980854025e-03f;
        p = x2 * p + -1.60960333262415e-02f;
        float q = x2 * -1.45660718464996e-05f + -2.13374055278905e-04f;
        q = x2 * q + -1.68282697438203e-03f;
        q = x2 * q + -7.37332916720468e-03f;
        q = x2 * q + -1.42647390514189e-02f;
        return x * p / q;
    }

    /** out = a ⊙ b, element by element (a dropout mask, say); out may be a or b. */
    public static void mul(INDArray out, INDArray a, INDArray b) {
        double[] u = Doubles.load(a, 0), v = Doubles.load(b, 1);
        for (int i = 0, n = (int) a.length(); i < n; i++) u[i] *= v[i];
        fromDoubles(u, out);
    }

    /** True if no element is NaN or infinite. */
    public static boolean allFinite(INDArray x) {
        if (x.dataType() == DataType.DOUBLE && Blas.isDense(x)) {
            double[] v = new double[(int) x.length()];
            Blas.Pointers.get().d0.at(x).get(v);
            double s = 0;
            for (double e : v) s += e * 0; // stays 0 unless some e is NaN or ±Inf
            return s == 0;
        }
        if (!fast(x)) return !(x.isNaN().any() || x.isInfinite().any());
        float[] v = load(x, 0);
        float s = 0;
        for (int i = 0, n = (int) x.length(); i < n; i++) s += v[i] * 0f;
        return s == 0;
    }

    /** All ones if the float with these bits is > 0 (sign clear, not ±0, not NaN; +∞ counts), else 0: no branch. */
    static int positiveMask(int bits) {
        return ~((bits - 1 | bits) >> 31)       // sign clear and not ±0
                & ((bits - 0x7F800001) >> 31);  // and not NaN (+Inf stays positive)
    }

    /**
     * tanh for float32 in a few multiply-adds and one division: Eigen's rational approximation
     * (odd degree-13 over even degree-6 polynomial, clamped at ±7.9), max relative error 4e-7.
     */
    public static float tanh(float v) {
        float x = Math.max(-7.90531110763549805f, Math.min(7.90531110763549805f, v));
        float x2 = x * x;
        float p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
        p = x2 * p + -8.60467152213735e-11f;
        p = x2 * p + 5.12229709037114e-08f;
        p = x2 * p + 1.48572235717979e-05f;
        p = x2 * p + 6.37261928875436e-04f;
        p = x2 * p + 4.89352455891786e-03f;
        float q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
        q = x2 * q + 2.26843463243900e-03f;
        q = x2 * q + 4.89352518554385e-03f;
        return x * p / q;
    }

    /** x's elements in row-major order as doubles (a fresh array). */
    public static double[] toDoubles(INDArray x) {
        return toDoubles(x, null);
    }

    /** x's elements in row-major order as doubles, in {@code reuse} if it is long enough, else in a new array. */
    public static double[] toDoubles(INDArray x, double[] reuse) {
        int n = (int) x.length();
        double[] d = reuse != null && reuse.length >= n ? reuse : new double[n];
        if (x.dataType() == DataType.DOUBLE && Blas.isDense(x)) {
            Blas.Pointers.get().d0.at(x).get(d, 0, n);
        } else if (fast(x)) {
            float[] v = load(x, 2);
            for (int i = 0; i < n; i++) d[i] = v[i];
        } else {
            INDArray c = x.castTo(DataType.DOUBLE).dup('c');
            Blas.Pointers.get().d0.at(c).get(d, 0, n);
        }
        return d;
    }

    /** x's elements in row-major order as floats (rounded if x is not float32), in {@code reuse} if it is long enough. */
    public static float[] toFloats(INDArray x, float[] reuse) {
        int n = (int) x.length();
        float[] f = reuse != null && reuse.length >= n ? reuse : new float[n];
        INDArray src = fast(x) ? x : x.castTo(DataType.FLOAT).dup('c');
        Blas.Pointers.get().f0.at(src).get(f, 0, n);
        return f;
    }

    /** Copies the first y.length() values of f into the dense float32 array y (one memcpy). */
    public static void fromFloats(float[] f, INDArray y) {
        if (!fast(y)) throw new IllegalArgumentException("fromFloats needs a dense float32 array, got " + y.dataType() + " " + java.util.Arrays.toString(y.shape()));
        store(f, y);
    }

    /**
     * The bit patterns ({@link Float#floatToRawIntBits}) of a dense float32 array's elements in row-major
     * order, in {@code reuse} if it is long enough: one memcpy. Loops over int arrays vectorise on Java 17
     * where the same loops over floats do not.
     */
    public static int[] floatBits(INDArray x, int[] reuse) {
        if (x.dataType() != DataType.FLOAT || !Blas.isDense(x)) {
            throw new IllegalArgumentException("floatBits: needs a dense float32 array, got " + x.dataType() + " " + Blas.str(x.shape()));
        }
        int n = (int) x.length();
        int[] b = reuse != null && reuse.length >= n ? reuse : new int[n];
        Blas.Pointers.get().i0.at(x).get(b, 0, n);
        return b;
    }

    /** y = the first y.length() values of d (row-major), rounded to y's type. */
    public static void fromDoubles(double[] d, INDArray y) {
        int n = (int) y.length();
        if (d.length < n) throw new IllegalArgumentException("fromDoubles: " + d.length + " values for " + Blas.str(y.shape()));
        if (y.dataType() == DataType.DOUBLE && Blas.isDense(y)) {
            Blas.Pointers.get().d0.at(y).put(d, 0, n);
        } else if (fast(y)) {
            float[] v = scratch(2, n);
            for (int i = 0; i < n; i++) v[i] = (float) d[i];
            store(v, y);
        } else {
            y.assign(Nd4j.create(java.util.Arrays.copyOf(d, n), y.shape(), DataType.DOUBLE));
        }
    }

    /** Contiguous float32 arrays of one length: the loops' precondition. */
    static boolean fast(INDArray... xs) {
        long n = xs[0].length();
        for (INDArray x : xs) {
            if (x.dataType() != DataType.FLOAT || x.length() != n || n > Integer.MAX_VALUE || !Blas.isDense(x)) return false;
        }
        return true;
    }

    /** Copies x's elements into this thread's scratch array {@code slot} (one memcpy). */
    static float[] load(INDArray x, int slot) {
        float[] s = scratch(slot, (int) x.length());
        Blas.Pointers.get().f0.at(x).get(s, 0, (int) x.length());
        return s;
    }

    /** Copies the first y.length() elements of s into y (one memcpy). */
    static void store(float[] s, INDArray y) {
        Blas.Pointers.get().f0.at(y).put(s, 0, (int) y.length());
    }

    /** The bit patterns of x's elements in this thread's int scratch array {@code slot} (one memcpy). */
    private static int[] bits(INDArray x, int slot) {
        int[][] all = BITS.get();
        int n = (int) x.length();
        if (all[slot].length < n) all[slot] = new int[n];
        Blas.Pointers.get().i0.at(x).get(all[slot], 0, n);
        return all[slot];
    }

    private static final ThreadLocal<int[][]> BITS = ThreadLocal.withInitial(() -> new int[2][0]);

    static float[] scratch(int slot, int n) {
        float[][] all = SCRATCH.get();
        if (all[slot].length < n) all[slot] = new float[n];
        return all[slot];
    }
}
