package org.residuallab.viz;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.residuallab.nn.BlockKind;
import tech.tablesaw.api.Table;

/**
 * Per-layer histograms as overlaid lines (normalised to densities so layers compare), each labelled with
 * the layer's mean, std and saturated fraction, as in Karpathy's makemore part 3 diagnostics.
 * <pre>Plots.histograms().addValues("block1", acts1).addValues("block2", acts2).saturation(0.97).build();</pre>
 */
public final class HistogramPlot extends PlotBuilder<HistogramPlot, XYChart> {
    private final Map<String, double[][]> binned = new LinkedHashMap<>();   // layer -> {centres, densities, {mean, std, sat}}
    private final Map<String, double[]> raw = new LinkedHashMap<>();
    private int bins = 50;
    private double saturation = 0.97;
    private String model;
    private Table source;
    private Table statsSource;
    private String kind = "activation";
    private Long step;

    HistogramPlot() {}

    HistogramPlot(Table histograms) {
        if (histograms == null) throw new IllegalArgumentException("histograms: the table is null");
        source = histograms;
    }

    /** Which histograms of the table to draw: activation (default), out_grad or weight_grad. */
    public HistogramPlot kind(String k) {
        kind = k;
        return this;
    }

    /** Which recorded step of the table to draw (default: the first). */
    public HistogramPlot step(long s) {
        step = s;
        return this;
    }

    /**
     * A probe table whose act_mean, act_std, act_saturation (sigmoid, tanh) and act_dead (ReLU) rows label the
     * legend exactly; without it the legend's mean and std are estimated from the bins and the rest is left out.
     */
    public HistogramPlot stats(Table probes) {
        statsSource = probes;
        return this;
    }

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
        binned.put(layer, new double[][] {binCentres.clone(), Bins.density(counts, Bins.widths(binCentres)), {mean, std, saturated}});
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
        Map<String, double[][]> all = new LinkedHashMap<>();
        String stepNote = "";
        if (source != null) {
            HistogramTable.Selection sel = HistogramTable.read(source, model, kind, step);
            if (model == null) model = sel.model();
            stepNote = (sel.step() == 0 ? ", initialisation" : ", step " + sel.step());
            Map<String, double[]> exact = statsSource == null ? Map.of() : exactStats(sel);
            for (HistogramTable.Layer l : sel.layers()) {
                double[] st = exact.getOrDefault(l.name(), Bins.stats(l.centres(), l.counts()));
                all.put(l.name(), new double[][] {l.centres(), Bins.density(l.counts(), l.widths()), st});
            }
        }
        all.putAll(binned);
        if (all.isEmpty() && raw.isEmpty()) throw new IllegalArgumentException("histograms: no layers added");
        Bins.ofValues(raw, bins, saturation).forEach((k, v) -> all.put(k, new double[][] {v[0], Bins.density(v[1], Bins.widths(v[0])), v[2]}));
        XYChart chart = new XYChart(width, height);
        ChartStyle.applyAxes(chart.getStyler());
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        chart.setTitle(or(title, (source != null ? capital(kind.replace('_', ' ')) + " histograms" : "Histograms by layer")
            + (model != null ? ": " + model : "") + stepNote));
        chart.setXAxisTitle(or(xLabel, "value"));
        chart.setYAxisTitle(or(yLabel, "density"));
        BlockKind k = model == null ? null : kinds.containsKey(model) ? kinds.get(model) : Palette.kindOf(model).orElse(null);
        Color base = k == null ? null : Palette.of(k);
        int n = all.size(), i = 0;
        for (Map.Entry<String, double[][]> e : all.entrySet()) {
            double[] x = e.getValue()[0], st = e.getValue()[2];
            double[] y = e.getValue()[1];
            if (x.length == 1) {   // one bin (constant values): a spike of height 1
                x = new double[] {x[0] - 1e-9, x[0], x[0] + 1e-9};
                y = new double[] {0, 1, 0};
            }
            XYSeries s = chart.addSeries(label(e.getKey(), st), x, y);
            s.setLineColor(SeriesLook.layerShade(base, i, n));
            s.setLineStyle(SeriesLook.THIN);
            s.setMarker(SeriesMarkers.NONE);
            s.setShowInLegend(SeriesLook.inLegend(i, n));
            i++;
        }
        ChartStyle.relaxXTicks(chart, true);
        return chart;
    }


    /** {act_mean, act_std, act_saturation, act_dead} of each layer at the selection's model and step (NaN where not recorded). */
    private Map<String, double[]> exactStats(HistogramTable.Selection sel) {
        List<TidyRows.Row> rows = TidyRows.read(statsSource, "histograms (stats)", List.of("act_mean", "act_std", "act_saturation", "act_dead"), "model", "step", "layer");
        Map<String, double[]> out = new LinkedHashMap<>();
        for (TidyRows.Row r : rows) {
            if (!r.model().equals(sel.model()) || r.step() != sel.step()) continue;
            double[] st = out.computeIfAbsent(r.layer(), l -> new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN});
            st[List.of("act_mean", "act_std", "act_saturation", "act_dead").indexOf(r.metric())] = r.value();
        }
        out.values().removeIf(st -> Double.isNaN(st[0]) || Double.isNaN(st[1]));
        return out;
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String label(String layer, double[] st) {
        String s = String.format(Locale.ROOT, "%s  mean %s  std %s", layer, num(st[0], true), num(st[1], false));
        if (!Double.isNaN(st[2])) s += String.format(Locale.ROOT, "  sat %.1f%%", 100 * st[2]);
        if (st.length > 3 && !Double.isNaN(st[3])) s += String.format(Locale.ROOT, "  dead %.1f%%", 100 * st[3]);
        return s;
    }

    /** Two decimals, or two significant digits in scientific notation for small values (gradients), e.g. 3.2e-05. */
    private static String num(double v, boolean signed) {
        String f = v != 0 && Math.abs(v) < 0.01 ? "%.1e" : "%.2f";
        return String.format(Locale.ROOT, signed ? f.replace("%", "%+") : f, v);
    }

    private void requireNew(String layer) {
        if (binned.containsKey(layer) || raw.containsKey(layer)) throw new IllegalArgumentException("histogram '" + layer + "' was added twice");
    }

}
