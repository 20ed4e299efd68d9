package org.residuallab.check;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The first entry where two arrays of one shape differ by more than 1e-9 + 1e-7·|expected|, or null. */
record Diff(String at, double actual, double expected) {
    static final double ATOL = 1e-9, RTOL = 1e-7;

    static Diff first(INDArray actual, INDArray expected) {
        double[] a = values(actual), e = values(expected);
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - e[i]) <= ATOL + RTOL * Math.abs(e[i]))) return new Diff(index(i, expected.shape()), a[i], e[i]);
        }
        return null;
    }

    /** True when actual = factor · expected everywhere (within the tolerance). */
    static boolean scaled(INDArray actual, INDArray expected, double factor) {
        return first(actual, expected.mul(factor)) == null;
    }

    static boolean allZero(INDArray a) {
        return Arrays.stream(values(a)).allMatch(v -> v == 0);
    }

    static double[] values(INDArray a) {
        return a.dup('c').castTo(DataType.DOUBLE).data().asDouble();
    }

    /** Linear index i of a row-major array of this shape as "[1, 2]". */
    static String index(long i, long[] shape) {
        long[] at = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            at[d] = shape[d] == 0 ? 0 : i % shape[d];
            i = shape[d] == 0 ? 0 : i / shape[d];
        }
        return Arrays.toString(at);
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
