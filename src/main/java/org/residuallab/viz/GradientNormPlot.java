package org.residuallab.viz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import tech.tablesaw.api.Table;

/**
 * The signature plot: a gradient norm against layer index (input side on the left), log y axis,
 * one line per model, at one recorded step (by default each model's first, i.e. initialisation).
 * <pre>Plots.gradientNormByLayer(probes).metric("weight_grad_norm").step(0).build();</pre>
 */
public final class GradientNormPlot extends PlotBuilder<GradientNormPlot, XYChart> {
    private final Table table;
    private String metric = Metrics.WEIGHT_GRAD_NORM;
    private Long step;
    private Predicate<String> layerFilter = l -> true;
    private StageBands stages;

    GradientNormPlot(Table table) {
        this.table = table;
    }

    /** Which metric to plot (default {@value Metrics#WEIGHT_GRAD_NORM}). */
    public GradientNormPlot metric(String m) {
        metric = m;
        return this;
    }

    /** Which recorded step to show; by default each model's first recorded step. */
    public GradientNormPlot step(long s) {
        step = s;
        return this;
    }

    /** Keeps only the layers whose name passes {@code keep} (e.g. weights, not biases). */
    public GradientNormPlot layers(Predicate<String> keep) {
        layerFilter = keep;
        return this;
    }

    /**
     * Marks the model's stages with dashed lines between stem, stage 1, ..., head, and names their
     * layer_index ranges in the x axis title; from the units table {@code ProbeTables.units(model)}.
     */
    public GradientNormPlot stages(Table units) {
        stages = StageBands.of(units, "gradientNormByLayer");
        return this;
    }

    @Override
    public XYChart build() {
        String plot = "gradientNormByLayer";
        List<TidyRows.Row> rows = TidyRows.read(table, plot, metric, "model", "step", "layer", "layer_index");
        boolean manyRuns = TidyRows.manyRuns(rows);
        Map<String, Long> stepOf = new LinkedHashMap<>();
        for (TidyRows.Row r : rows) {
            if (!layerFilter.test(r.layer())) continue;
            String k = TidyRows.key(r, manyRuns);
            stepOf.merge(k, step != null ? step : r.step(), Math::min);
        }
        if (stepOf.isEmpty()) throw new IllegalArgumentException(plot + ": the layer filter removed every row of metric '" + metric + "'");
        Map<String, TreeMap<Integer, TidyRows.Row>> byModel = new LinkedHashMap<>();
        for (TidyRows.Row r : rows) {
            String k = TidyRows.key(r, manyRuns);
            if (!layerFilter.test(r.layer()) || r.step() != stepOf.get(k)) continue;
            TidyRows.Row clash = byModel.computeIfAbsent(k, x -> new TreeMap<>()).put(r.layerIndex(), r);
            if (clash != null) {
                throw new IllegalArgumentException(plot + ": model '" + k + "' has two '" + metric + "' rows for layer_index "
                    + r.layerIndex() + " at step " + r.step() + " (layers '" + clash.layer() + "' and '" + r.layer()
                    + "'); keep one with .layers(...)");
            }
        }
        if (step != null) {
            for (String k : stepOf.keySet()) {
                if (!byModel.containsKey(k)) throw new IllegalArgumentException(plot + ": model '" + k + "' has no '" + metric + "' rows at step " + step);
            }
        }
        XYChart chart = new XYChart(width, height);
        ChartStyle.applyAxes(chart.getStyler());
        chart.getStyler().setXAxisDecimalPattern("#0");
        long first = stepOf.values().iterator().next();
        boolean sameStep = stepOf.values().stream().allMatch(s -> s == first);
        chart.setTitle(or(title, Metrics.title(metric) + " by layer" + (sameStep ? (first == 0 ? " at initialisation" : " at step " + first) : "")));
        chart.setXAxisTitle(or(xLabel, "layer index (input → output)" + (stages == null ? "" : ": " + stages.legend())));
        chart.setYAxisTitle(or(yLabel, Metrics.label(metric) + " (log scale)"));
        Map<String, SeriesLook> looks = SeriesLook.assign(new ArrayList<>(byModel.keySet()), TidyRows.kinds(rows, manyRuns, kinds));
        for (Map.Entry<String, TreeMap<Integer, TidyRows.Row>> e : byModel.entrySet()) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            int dropped = 0;
            for (TidyRows.Row r : e.getValue().values()) {
                if (r.value() > 0) {
                    xs.add((double) r.layerIndex());
                    ys.add(r.value());
                } else {
                    dropped++;
                }
            }
            if (xs.isEmpty()) {
                throw new IllegalArgumentException(plot + ": every '" + metric + "' value of model '" + e.getKey() + "' is zero; a log axis cannot show it");
            }
            String name = e.getKey() + (sameStep ? "" : " (step " + stepOf.get(e.getKey()) + ")")
                + (dropped > 0 ? " [" + dropped + " zero not shown]" : "");
            XYSeries s = chart.addSeries(name, xs, ys);
            looks.get(e.getKey()).apply(s, true);
        }
        ChartStyle.logY(chart);
        if (stages != null) {
            for (double b : stages.boundaries()) {
                org.knowm.xchart.AnnotationLine line = new org.knowm.xchart.AnnotationLine(b, true, false);
                chart.addAnnotation(line);
            }
            chart.getStyler().setAnnotationLineColor(java.awt.Color.GRAY);
            chart.getStyler().setAnnotationLineStroke(new java.awt.BasicStroke(1f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
        }
        return chart;
    }
}
