package org.residuallab.viz;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.residuallab.nn.BlockKind;

/**
 * Per-layer histograms as overlaid lines (normalised to densities so layers compare), each labelled with
 * the layer's mean, std and saturated fraction, as in Karpathy's makemore part 3 diagnostics.
 * <pre>Plots.histograms().addValues("block1", acts1).addValues("block2", acts2).saturation(0.97).build();</pre>
 */
public final class HistogramPlot extends PlotBuilder<HistogramPlot, XYChart> {
    private final Map<String, double[][]> binned = new LinkedHashMap<>();   // layer -> {centres, counts, {mean, std, sat}}
    private final Map<String, double[]> raw = new LinkedHashMap<>();
    private int bins = 50;
    private double saturation = 0.97;
    private String model;

    HistogramPlot() {}

    /** Adds a layer's already-binned histogram and its statistics ({@code saturated} may be NaN to leave it out). */
    public HistogramPlot addBinned(String layer, double[] binCentres, double[] counts, double mean, double std, double saturated) {
        Series.check("histogram '" + layer + "'", binCentres, counts);
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) throw new IllegalArgumentException("histogram '" + layer + "': count " + i + " is negative (" + counts[i] + ")");
        }
        for (int i = 1; i < binCentres.length; i++) {
            if (binCentres[i] <= binCentres[i - 1]) throw new IllegalArgumentException("histogram '" + layer + "': bin centres must increase (index " + i + ")");
        }
        requireNew(layer);
        binned.put(layer, new double[][] {binCentres.clone(), counts.clone(), {mean, std, saturated}});
        return this;
    }

    /** Adds a layer's raw values (activations, gradients); binning over a range shared by all layers happens at build. */
    public HistogramPlot addValues(String layer, double[] values) {
        if (values == null || values.length == 0) throw new IllegalArgumentException("histogram '" + layer + "': no values");
        Series.finite("histogram '" + layer + "'", values);
        requireNew(layer);
        raw.put(layer, values.clone());
        return this;
    }

    /** Number of bins for raw values (default 50). */
    public HistogramPlot bins(int n) {
        if (n < 2) throw new IllegalArgumentException("histogram bins must be >= 2, got " + n);
        bins = n;
        return this;
    }

    /** |x| above this counts as saturated for raw values (default 0.97, the tanh rule; NaN to leave it out). */
    public HistogramPlot saturation(double threshold) {
        saturation = threshold;
        return this;
    }

    /** The model the layers belong to: lines become shades of its plain or residual colour. */
    public HistogramPlot model(String name) {
        model = name;
        return this;
    }

    @Override
    public XYChart build() {
        if (binned.isEmpty() && raw.isEmpty()) throw new IllegalArgumentException("histograms: no layers added");
        Map<String, double[][]> all = new LinkedHashMap<>(binned);
        binRaw(all);
        XYChart chart = new XYChart(width, height);
        ChartStyle.applyAxes(chart.getStyler());
        chart.setTitle(or(title, "Histograms by layer" + (model != null ? ": " + model : "")));
        chart.setXAxisTitle(or(xLabel, "value"));
        chart.setYAxisTitle(or(yLabel, "density"));
        BlockKind k = model == null ? null : kinds.containsKey(model) ? kinds.get(model) : Palette.kindOf(model).orElse(null);
        Color base = k == null ? null : Palette.of(k);
        int n = all.size(), i = 0;
        for (Map.Entry<String, double[][]> e : all.entrySet()) {
            double[] x = e.getValue()[0], counts = e.getValue()[1], st = e.getValue()[2];
            XYSeries s = chart.addSeries(label(e.getKey(), st), x, density(x, counts));
            s.setLineColor(SeriesLook.layerShade(base, i, n));
            s.setLineStyle(SeriesLook.THIN);
            s.setMarker(SeriesMarkers.NONE);
            s.setShowInLegend(SeriesLook.inLegend(i, n));
            i++;
        }
        ChartStyle.relaxXTicks(chart, true);
        return chart;
    }

    private void binRaw(Map<String, double[][]> into) {
        if (raw.isEmpty()) return;
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
            into.put(e.getKey(), new double[][] {centres, counts, {mean, Math.sqrt(sq / m), Double.isNaN(saturation) ? Double.NaN : sat / m}});
        }
    }

    /** counts / (total · bin width): the area under each line is 1. */
    private static double[] density(double[] x, double[] counts) {
        double total = 0;
        for (double c : counts) total += c;
        double w = x.length > 1 ? (x[x.length - 1] - x[0]) / (x.length - 1) : 1;
        double[] d = new double[counts.length];
        for (int i = 0; i < d.length; i++) d[i] = total == 0 ? 0 : counts[i] / (total * w);
        return d;
    }

    private static String label(String layer, double[] st) {
        String s = String.format(Locale.ROOT, "%s  mean %+.2f  std %.2f", layer, st[0], st[1]);
        return Double.isNaN(st[2]) ? s : s + String.format(Locale.ROOT, "  sat %.1f%%", 100 * st[2]);
    }

    private void requireNew(String layer) {
        if (binned.containsKey(layer) || raw.containsKey(layer)) throw new IllegalArgumentException("histogram '" + layer + "' was added twice");
    }

}
