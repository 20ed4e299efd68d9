package org.residuallab.nn.fast;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dasum;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_daxpy;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_ddot;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemv;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dscal;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_idamax;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_isamax;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sasum;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_saxpy;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sdot;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemv;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sscal;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products and vector updates called straight into OpenBLAS on the arrays' own memory.
 * At a teaching MLP's sizes ND4J's per-call overhead (about 200 µs for a 64×128 · 128×128 product)
 * is several times the arithmetic (about 40 µs), so the layers call these instead.
 * Float32 and float64 run in BLAS with the same results as ND4J's; other types, mixed types and
 * output views go to ND4J. Inputs in column-major order are read as transposes, other layouts copied.
 * <pre>Blas.gemm(x, W, y, false, false, 1.0, 1.0);  // y = x·W + y</pre>
 */
public final class Blas {
    private Blas() {}

    /** c = alpha·op(a)·op(b) + beta·c, where op transposes when asked: op(a) (M, K), op(b) (K, N), c (M, N). */
    public static void gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double alpha, double beta) {
        if (a.rank() != 2 || b.rank() != 2 || c.rank() != 2) {
            Nd4j.gemm(a, b, c, transA, transB, alpha, beta);
            return;
        }
        long m = c.rows(), n = c.columns(), k = transA ? a.rows() : a.columns();
        if ((transA ? a.columns() : a.rows()) != m || (transB ? b.columns() : b.rows()) != k
                || (transB ? b.rows() : b.columns()) != n) {
            throw new IllegalArgumentException("matrix product: op(a) is " + dims(a, transA) + ", op(b) is "
                    + dims(b, transB) + " and c is " + Blas.str(c.shape()) + "; expected (M, K)·(K, N) -> (M, N)");
        }
        DataType t = c.dataType();
        long ldc = rowStride(c);
        if ((t != DataType.FLOAT && t != DataType.DOUBLE) || a.dataType() != t || b.dataType() != t
                || ldc < 0 || m == 0 || n == 0 || k == 0) {
            Nd4j.gemm(a, b, c, transA, transB, alpha, beta);
            return;
        }
        Operand A = Operand.of(a, transA), B = Operand.of(b, transB);
        Threads.forProduct(m, n, k);
        Pointers p = Pointers.get();
        if (t == DataType.FLOAT) {
            cblas_sgemm(CblasRowMajor, A.trans, B.trans, (int) m, (int) n, (int) k, (float) alpha,
                    p.f0.at(A.array), A.ld, p.f1.at(B.array), B.ld, (float) beta, p.f2.at(c), (int) ldc);
        } else {
            cblas_dgemm(CblasRowMajor, A.trans, B.trans, (int) m, (int) n, (int) k, alpha,
                    p.d0.at(A.array), A.ld, p.d1.at(B.array), B.ld, beta, p.d2.at(c), (int) ldc);
        }
    }

    /** sums (1, C) += Σ over the rows of x (B, C), as sums += onesᵀ·x (one matrix-vector product). */
    public static void addColumnSums(INDArray x, INDArray sums) {
        DataType t = x.dataType();
        if (x.rank() != 2 || sums.dataType() != t || !isDense(x) || !isDense(sums) || x.rows() == 0
                || (t != DataType.FLOAT && t != DataType.DOUBLE)) {
            sums.addi(x.sum(true, 0).reshape(sums.shape()));
            return;
        }
        int rows = (int) x.rows(), cols = (int) x.columns();
        Pointers p = Pointers.get();
        if (t == DataType.FLOAT) {
            cblas_sgemv(CblasRowMajor, CblasTrans, rows, cols, 1f, p.f0.at(x), cols, p.onesF(rows), 1, 1f, p.f1.at(sums), 1);
        } else {
            cblas_dgemv(CblasRowMajor, CblasTrans, rows, cols, 1.0, p.d0.at(x), cols, p.onesD(rows), 1, 1.0, p.d1.at(sums), 1);
        }
    }

    /** y += alpha·x, element by element (same shape). */
    public static void axpy(double alpha, INDArray x, INDArray y) {
        if (x.length() != y.length()) {
            throw new IllegalArgumentException("axpy: x has shape " + Blas.str(x.shape()) + " but y has " + Blas.str(y.shape()));
        }
        DataType t = y.dataType();
        if (x.dataType() != t || !isDense(x) || !isDense(y) || !java.util.Arrays.equals(x.shape(), y.shape())) {
            y.addi(x.mul(alpha));
        } else if (t == DataType.FLOAT) {
            Pointers p = Pointers.get();
            cblas_saxpy((int) y.length(), (float) alpha, p.f0.at(x), 1, p.f1.at(y), 1);
        } else if (t == DataType.DOUBLE) {
            Pointers p = Pointers.get();
            cblas_daxpy((int) y.length(), alpha, p.d0.at(x), 1, p.d1.at(y), 1);
        } else {
            y.addi(x.mul(alpha));
        }
    }

    /** x *= alpha. */
    public static void scal(double alpha, INDArray x) {
        if (!isDense(x) || alpha == 0) {
            x.muli(alpha); // 0·x through ND4J keeps NaN and Inf visible, as BLAS may not
        } else if (x.dataType() == DataType.FLOAT) {
            cblas_sscal((int) x.length(), (float) alpha, Pointers.get().f0.at(x), 1);
        } else if (x.dataType() == DataType.DOUBLE) {
            cblas_dscal((int) x.length(), alpha, Pointers.get().d0.at(x), 1);
        } else {
            x.muli(alpha);
        }
    }

    /** x = 0, one memset for a contiguous array. */
    public static void zero(INDArray x) {
        if (isDense(x) && x.length() > 0) {
            Pointer.memset(Pointers.get().f0.at(x), 0, x.length() * x.data().getElementSize());
        } else {
            x.assign(0);
        }
    }

    // level 1 on dense float32 or float64 arrays (BLAS on their memory, no copy); anything else goes through ND4J

    /** y = x, element by element (same length; one memcpy for dense arrays of one type). */
    public static void copy(INDArray x, INDArray y) {
        if (x.length() != y.length()) {
            throw new IllegalArgumentException("copy: x has shape " + Blas.str(x.shape()) + " but y has " + Blas.str(y.shape()));
        }
        if (x.dataType() == y.dataType() && level1(x) && isDense(y)) {
            Pointer.memcpy(Pointers.get().f1.at(y), Pointers.get().f0.at(x), x.length() * x.data().getElementSize());
        } else {
            y.assign(x.reshape(y.shape()));
        }
    }

    /** Σ x·y over all elements (same length), accumulated as BLAS does: float32 partial sums for float32. */
    public static double dot(INDArray x, INDArray y) {
        if (x.length() != y.length()) {
            throw new IllegalArgumentException("dot: x has shape " + Blas.str(x.shape()) + " but y has " + Blas.str(y.shape()));
        }
        int n = (int) x.length();
        if (x.dataType() != y.dataType() || !level1(x) || !level1(y)) return x.reshape(-1).castTo(DataType.DOUBLE).mul(y.reshape(-1).castTo(DataType.DOUBLE)).sumNumber().doubleValue();
        Pointers p = Pointers.get();
        return x.dataType() == DataType.FLOAT ? cblas_sdot(n, p.f0.at(x), 1, p.f1.at(y), 1) : cblas_ddot(n, p.d0.at(x), 1, p.d1.at(y), 1);
    }

    /** Σ x over all elements: a dot product with ones. */
    public static double sum(INDArray x) {
        int n = (int) x.length();
        if (!level1(x)) return x.sumNumber().doubleValue();
        Pointers p = Pointers.get();
        return x.dataType() == DataType.FLOAT ? cblas_sdot(n, p.f0.at(x), 1, p.onesF(n), 1) : cblas_ddot(n, p.d0.at(x), 1, p.onesD(n), 1);
    }

    /** Σ |x| over all elements. */
    public static double asum(INDArray x) {
        int n = (int) x.length();
        if (!level1(x)) return x.norm1Number().doubleValue();
        Pointers p = Pointers.get();
        return x.dataType() == DataType.FLOAT ? cblas_sasum(n, p.f0.at(x), 1) : cblas_dasum(n, p.d0.at(x), 1);
    }

    /** max |x| over all elements (0 for an empty array). */
    public static double amax(INDArray x) {
        int n = (int) x.length();
        if (n == 0) return 0;
        if (!level1(x)) return x.amaxNumber().doubleValue();
        Pointers p = Pointers.get();
        return x.dataType() == DataType.FLOAT ? Math.abs(p.f0.at(x).get(cblas_isamax(n, p.f0, 1)))
                : Math.abs(p.d0.at(x).get(cblas_idamax(n, p.d0, 1)));
    }

    private static boolean level1(INDArray x) {
        DataType t = x.dataType();
        return (t == DataType.FLOAT || t == DataType.DOUBLE) && x.length() <= Integer.MAX_VALUE && isDense(x);
    }

    /** True if the array's elements lie contiguously in row-major (C) order, as a fresh array's do. */
    public static boolean isDense(INDArray a) {
        long expected = 1;
        for (int d = a.rank() - 1; d >= 0; d--) {
            long size = a.size(d);
            if (size != 1 && a.stride(d) != expected) return false;
            expected *= size;
        }
        return true;
    }

    /** The distance between rows of a matrix whose rows are contiguous (row-major with a leading dimension), else -1. */
    static long rowStride(INDArray a) {
        long rows = a.rows(), cols = a.columns();
        if (cols > 1 && a.stride(1) != 1) return -1;
        if (rows == 1) return Math.max(1, cols);
        return a.stride(0) >= Math.max(1, cols) ? a.stride(0) : -1;
    }

    /** "(40, 60)", for messages. */
    static String str(long[] shape) {
        return java.util.Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }

    private static String dims(INDArray x, boolean trans) {
        return trans ? "(" + x.columns() + ", " + x.rows() + ")" : "(" + x.rows() + ", " + x.columns() + ")";
    }

    /** The native address of x's first element. */
    static long address(INDArray x) {
        DataBuffer d = x.data();
        return d.address() + d.offset() * d.getElementSize(); // a view's buffer shares its base's address
    }

    /**
     * Pointers reused by every call on this thread, so that a call allocates nothing: JavaCPP passes
     * only their address to native code.
     */
    static final class Pointers {
        private static final ThreadLocal<Pointers> MINE = ThreadLocal.withInitial(Pointers::new);
        final F f0 = new F(), f1 = new F(), f2 = new F();
        final D d0 = new D(), d1 = new D(), d2 = new D();
        final I i0 = new I();
        private FloatPointer onesF;
        private DoublePointer onesD;

        /** At least n ones (this thread's, grown as needed): sums are dot products with them. */
        FloatPointer onesF(int n) {
            if (onesF == null || onesF.capacity() < n) {
                if (onesF != null) onesF.close();
                onesF = new FloatPointer(Math.max(n, 4096));
                for (long i = 0; i < onesF.capacity(); i++) onesF.put(i, 1f);
            }
            return onesF;
        }

        DoublePointer onesD(int n) {
            if (onesD == null || onesD.capacity() < n) {
                if (onesD != null) onesD.close();
                onesD = new DoublePointer(Math.max(n, 4096));
                for (long i = 0; i < onesD.capacity(); i++) onesD.put(i, 1d);
            }
            return onesD;
        }

        static Pointers get() {
            return MINE.get();
        }

        static final class F extends FloatPointer {
            F at(INDArray x) {
                address = Blas.address(x);
                return this;
            }
        }

        static final class D extends DoublePointer {
            D at(INDArray x) {
                address = Blas.address(x);
                return this;
            }
        }

        /** x's memory read as 32-bit integers (a float32 array's bit patterns). */
        static final class I extends IntPointer {
            I at(INDArray x) {
                address = Blas.address(x);
                return this;
            }
        }
    }

    /** An operand as BLAS reads it: a row-major matrix (x itself, or a copy), its leading dimension, transposed or not. */
    private static final class Operand {
        final int ld, trans;
        final INDArray array;

        private Operand(INDArray array, long ld, boolean trans) {
            this.array = array;
            this.ld = (int) ld;
            this.trans = trans ? CblasTrans : CblasNoTrans;
        }

        static Operand of(INDArray x, boolean trans) {
            long ld = rowStride(x);
            if (ld >= 0) return new Operand(x, ld, trans);
            long ldT = x.rows() == 1 || x.stride(0) == 1 ? rowStrideOfTranspose(x) : -1;
            if (ldT >= 0) return new Operand(x, ldT, !trans); // column-major x = row-major xᵀ
            INDArray copy = x.dup('c');
            return new Operand(copy, copy.columns(), trans);
        }

        private static long rowStrideOfTranspose(INDArray x) {
            long rows = x.rows(), cols = x.columns();
            if (cols == 1) return Math.max(1, rows);
            return x.stride(1) >= Math.max(1, rows) ? x.stride(1) : -1;
        }
    }
}
