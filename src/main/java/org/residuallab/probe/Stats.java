package org.residuallab.probe;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition;
import org.nd4j.linalg.api.ops.impl.summarystats.StandardDeviation;
import org.nd4j.linalg.api.ops.impl.transforms.Histogram;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Condition;

/** Summary statistics of an array by ND4J reductions (no Java loops over elements). */
final class Stats {
    private Stats() {}

    /** Population standard deviation of all elements. */
    static double std(INDArray x) {
        if (x.length() < 2) return 0;
        return Nd4j.getExecutioner().exec(new StandardDeviation(x, false)).getDouble(0);
    }

    /** Fraction of elements meeting {@code c}. */
    static double fraction(INDArray x, Condition c) {
        return count(x, c) / (double) x.length();
    }

    static long count(INDArray x, Condition c) {
        return Nd4j.getExecutioner().exec(new MatchCondition(x, c)).getLong(0);
    }

    /**
     * The four gradient numbers plus what pooling needs: {l2, mean |.|, std, max |.|, mean, n}.
     */
    static double[] summary(INDArray g) {
        return new double[] {g.norm2Number().doubleValue(), g.ameanNumber().doubleValue(), std(g),
                g.amaxNumber().doubleValue(), g.meanNumber().doubleValue(), g.length()};
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
        return new double[] {x.minNumber().doubleValue(), x.maxNumber().doubleValue()};
    }

    /** Counts of all elements in {@code bins} equal bins over [lo, hi] = [min, max] (all in bin 0 when constant). */
    static long[] counts(INDArray x, int bins, double lo, double hi) {
        if (!(hi > lo)) {
            long[] c = new long[bins];
            c[0] = x.length();
            return c;
        }
        return Nd4j.exec(new Histogram(x, bins))[0].toLongVector();
    }
}
