package org.residuallab.experiment;

import org.residuallab.nn.Shapes;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * The paths of a residual net (Veit et al. 2016, Fig. 6a): each of n blocks is passed either through its
 * branch or its skip, so there are 2ⁿ paths, and C(n, k) of them go through exactly k branches (length k).
 * Path lengths are binomially distributed with mean n/2.
 * <pre>long[] c = PathLengths.counts(8);   // 1, 8, 28, 56, 70, 56, 28, 8, 1</pre>
 */
public final class PathLengths {
    private PathLengths() {}

    /** C(n, k) for k = 0..n: how many paths pass through exactly k branches. n ≤ 62. */
    public static long[] counts(int blocks) {
        Shapes.require(blocks >= 0 && blocks <= 62, "blocks", blocks, "in [0, 62]");
        long[] c = new long[blocks + 1];
        c[0] = 1;
        for (int row = 1; row <= blocks; row++) {           // Pascal's triangle: only additions, never above C(n, n/2)
            for (int k = row; k >= 1; k--) c[k] += c[k - 1];
        }
        return c;
    }

    /** The fraction of all 2ⁿ paths that have length k, k = 0..n. */
    public static double[] fractions(int blocks) {
        long[] c = counts(blocks);
        double[] f = new double[c.length];
        double all = Math.pow(2, blocks);
        for (int k = 0; k < c.length; k++) f[k] = c[k] / all;
        return f;
    }

    /** Tidy table {@code path_length, paths, fraction}. */
    public static Table table(int blocks) {
        long[] c = counts(blocks);
        double[] f = fractions(blocks);
        IntColumn k = IntColumn.create("path_length");
        DoubleColumn paths = DoubleColumn.create("paths"), fraction = DoubleColumn.create("fraction");
        for (int i = 0; i < c.length; i++) {
            k.append(i);
            paths.append(c[i]);
            fraction.append(f[i]);
        }
        return Table.create("path lengths, " + blocks + " blocks", k, paths, fraction);
    }
}
