package org.residuallab.viz;

import java.util.List;

/** Checks and converts the plain series (arrays, lists of numbers) the builders accept. */
final class Series {
    private Series() {}

    /** Throws naming {@code what} unless x and y are non-null, equally long, non-empty and finite. */
    static void check(String what, double[] x, double[] y) {
        if (x == null || y == null) throw new IllegalArgumentException(what + ": x and y must not be null");
        if (x.length != y.length) throw new IllegalArgumentException(what + ": x has " + x.length + " values but y has " + y.length);
        if (x.length == 0) throw new IllegalArgumentException(what + ": no points");
        finite(what + " x", x);
        finite(what + " y", y);
    }

    static void finite(String what, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) throw new IllegalArgumentException(what + "[" + i + "] is " + v[i] + "; plots need finite values");
        }
    }

    static double[] doubles(List<? extends Number> list) {
        if (list == null) return null;
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            Number n = list.get(i);
            if (n == null) throw new IllegalArgumentException("series value " + i + " is null");
            out[i] = n.doubleValue();
        }
        return out;
    }

    static double[] doubles(int[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }
}
