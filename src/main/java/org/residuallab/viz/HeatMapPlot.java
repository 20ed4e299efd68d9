package org.residuallab.viz;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.Table;

/**
 * Layer × step heat map of log10 of a gradient norm, for one model: where the colour fades towards the
 * input side, gradients vanish. Zero norms (log10 = −∞) are left blank.
 * <pre>Plots.gradientHeatMap(probes).model("plain-sigmoid-d20").build();</pre>
 */
public final class HeatMapPlot extends PlotBuilder<HeatMapPlot, XYChart> {
    private final Table table;
    private String metric = Metrics.WEIGHT_GRAD_NORM;
    private String model;
    private Predicate<String> layerFilter = l -> true;
    private Double min, max;
    private StageBands stages;

    HeatMapPlot(Table table) {
        this.table = table;
        width = 800;
        height = 520;
    }

    public HeatMapPlot metric(String m) {
        metric = m;
        return this;
    }

    /** Which model to draw; needed when the table holds more than one. */
    public HeatMapPlot model(String name) {
        model = name;
        return this;
    }

    public HeatMapPlot layers(Predicate<String> keep) {
        layerFilter = keep;
        return this;
    }

    /**
     * Marks the model's stages: a line between stem, stage 1, stage 2, ..., head, each named on the map,
     * from the units table {@code ProbeTables.units(model)}.
     */
    public HeatMapPlot stages(Table units) {
        stages = StageBands.of(units, "gradientHeatMap");
        return this;
    }

    /** Fixes the colour scale (log10 units), e.g. to compare two models' heat maps; default: the data's range. */
    public HeatMapPlot range(double log10Min, double log10Max) {
        if (!(log10Min < log10Max)) throw new IllegalArgumentException("heat map range needs min < max, got " + log10Min + ", " + log10Max);
        min = log10Min;
        max = log10Max;
        return this;
    }

    /** The models in the table that have rows of this plot's metric, in order of appearance. */
    List<String> models() {
        Set<String> models = new LinkedHashSet<>();
        TidyRows.read(table, "gradientHeatMap", metric, "model", "step", "layer", "layer_index").forEach(r -> models.add(r.model()));
        return new ArrayList<>(models);
    }

    /** The log10 range of the metric's positive values over every model (for a shared colour scale). */
    double[] log10Range() {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (TidyRows.Row r : TidyRows.read(table, "gradientHeatMap", metric, "model", "step", "layer", "layer_index")) {
            if (r.value() <= 0 || !layerFilter.test(r.layer())) continue;
            lo = Math.min(lo, Math.log10(r.value()));
            hi = Math.max(hi, Math.log10(r.value()));
        }
        if (lo > hi) throw new IllegalArgumentException("gradientHeatMap: every '" + metric + "' value is zero");
        return hi - lo < 1e-9 ? new double[] {lo - 0.5, hi + 0.5} : new double[] {lo, hi};
    }

    @Override
    public XYChart build() {
        String plot = "gradientHeatMap";
        List<TidyRows.Row> all = TidyRows.read(table, plot, metric, "model", "step", "layer", "layer_index");
        Set<String> models = new LinkedHashSet<>();
        all.forEach(r -> models.add(r.model()));
        String chosen = model;
        if (chosen == null) {
            if (models.size() > 1) throw new IllegalArgumentException(plot + ": the table holds models " + models + "; choose one with .model(name)");
            chosen = models.iterator().next();
        } else if (!models.contains(chosen)) {
            throw new IllegalArgumentException(plot + ": no model '" + chosen + "' with metric '" + metric + "' (models: " + models + ")");
        }
        TreeSet<Long> steps = new TreeSet<>();
        TreeSet<Integer> layers = new TreeSet<>();
        List<TidyRows.Row> rows = new ArrayList<>();
        for (TidyRows.Row r : all) {
            if (!r.model().equals(chosen) || !layerFilter.test(r.layer())) continue;
            rows.add(r);
            steps.add(r.step());
            layers.add(r.layerIndex());
        }
        if (rows.isEmpty()) throw new IllegalArgumentException(plot + ": the layer filter removed every row of model '" + chosen + "'");
        double[] xs = steps.stream().mapToDouble(Long::doubleValue).toArray();
        double[] ys = layers.stream().mapToDouble(Integer::doubleValue).toArray();
        List<Long> stepList = new ArrayList<>(steps);
        List<Integer> layerList = new ArrayList<>(layers);
        double[][] cells = new double[xs.length][ys.length];
        for (double[] col : cells) java.util.Arrays.fill(col, Double.NaN);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (TidyRows.Row r : rows) {
            if (r.value() <= 0) continue;
            double v = Math.log10(r.value());
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
            cells[stepList.indexOf(r.step())][layerList.indexOf(r.layerIndex())] = v;
        }
        if (lo > hi) throw new IllegalArgumentException(plot + ": every '" + metric + "' value of model '" + chosen + "' is zero");
        if (min != null) {
            lo = min;
            hi = max;
        } else if (hi - lo < 1e-9) {
            lo -= 0.5;
            hi += 0.5;
        }
        HeatMapChart chart = new HeatMapChart(width, height, xs, ys, cells, lo, hi, "log10");
        if (stages != null) chart.bands(stages);
        chart.setTitle(or(title, "log10 " + Metrics.label(metric) + ": " + chosen));
        chart.setXAxisTitle(or(xLabel, "step"));
        chart.setYAxisTitle(or(yLabel, "layer index (input at bottom)"));
        return chart;
    }
}
