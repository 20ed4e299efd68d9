package org.residuallab.viz;

import java.util.LinkedHashMap;
import java.util.Map;

/** Histogram arithmetic: binning raw values over a shared range, statistics from bins, the one density. */
final class Bins {
    private Bins() {}

    /**
     * Bins each named array over the range of all of them: name → {centres, counts, {mean, std, saturated fraction}};
     * |x| &gt; {@code saturation} counts as saturated (NaN threshold: saturation left out).
     */
    static Map<String, double[][]> ofValues(Map<String, double[]> raw, int bins, double saturation) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        if (raw.isEmpty()) return out;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] v : raw.values()) {
            for (double x : v) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        if (hi - lo < 1e-12) {
            lo -= 0.5;
            hi += 0.5;
        }
        double w = (hi - lo) / bins;
        for (Map.Entry<String, double[]> e : raw.entrySet()) {
            double[] centres = new double[bins], counts = new double[bins];
            for (int b = 0; b < bins; b++) centres[b] = lo + (b + 0.5) * w;
            double sum = 0, sq = 0, sat = 0;
            for (double x : e.getValue()) {
                counts[Math.min(bins - 1, (int) ((x - lo) / w))]++;
                sum += x;
                if (Math.abs(x) > saturation) sat++;
            }
            int m = e.getValue().length;
            double mean = sum / m;
            for (double x : e.getValue()) sq += (x - mean) * (x - mean);
            out.put(e.getKey(), new double[][] {centres, counts, {mean, Math.sqrt(sq / m), Double.isNaN(saturation) ? Double.NaN : sat / m}});
        }
        return out;
    }

    /** {mean, std, NaN} estimated from bin centres and counts. */
    static double[] stats(double[] centres, double[] counts) {
        double n = 0, sum = 0, sq = 0;
        for (int i = 0; i < counts.length; i++) {
            n += counts[i];
            sum += counts[i] * centres[i];
        }
        double mean = n == 0 ? 0 : sum / n;
        for (int i = 0; i < counts.length; i++) sq += counts[i] * (centres[i] - mean) * (centres[i] - mean);
        return new double[] {mean, n == 0 ? 0 : Math.sqrt(sq / n), Double.NaN};
    }

    /**
     * count / (total · bin width) per bin: the area under each line is 1, so layers with different ranges compare
     * (0 for an empty histogram or a bin without width).
     */
    static double[] density(double[] counts, double[] widths) {
        double total = java.util.Arrays.stream(counts).sum();
        double[] d = new double[counts.length];
        for (int i = 0; i < d.length; i++) d[i] = total == 0 || widths[i] <= 0 ? 0 : counts[i] / (total * widths[i]);
        return d;
    }

    /** The width of each of evenly spaced bins with these centres (1 for a single bin). */
    static double[] widths(double[] centres) {
        double w = centres.length > 1 ? (centres[centres.length - 1] - centres[0]) / (centres.length - 1) : 1;
        double[] out = new double[centres.length];
        java.util.Arrays.fill(out, w);
        return out;
    }
}
