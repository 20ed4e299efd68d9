package org.residuallab.viz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.Table;

/**
 * Curves of one quantity (loss, accuracy) over steps or epochs, one line per model, with optional
 * horizontal reference lines (e.g. chance loss ln K).
 * <pre>Plots.lossCurves().add("plain-d20", steps, loss).add("residual-d20", steps, loss2).reference(Math.log(3), "chance").build();</pre>
 */
public final class CurvePlot extends PlotBuilder<CurvePlot, XYChart> {
    private final Map<String, double[][]> series = new LinkedHashMap<>();
    private final Map<String, Double> references = new LinkedHashMap<>();
    private boolean logY;
    private boolean markers;

    CurvePlot() {}

    /** Adds one model's curve; {@code x} and {@code y} must have the same, non-zero length and finite values. */
    public CurvePlot add(String name, double[] x, double[] y) {
        Series.check("curve '" + name + "'", x, y);
        if (series.containsKey(name)) throw new IllegalArgumentException("curve '" + name + "' was added twice");
        series.put(name, new double[][] {x.clone(), y.clone()});
        return this;
    }

    /** Adds a curve whose x is 0, 1, 2, ... */
    public CurvePlot add(String name, double[] y) {
        double[] x = new double[y == null ? 0 : y.length];
        for (int i = 0; i < x.length; i++) x[i] = i;
        return add(name, x, y);
    }

    public CurvePlot add(String name, List<? extends Number> x, List<? extends Number> y) {
        return add(name, Series.doubles(x), Series.doubles(y));
    }

    /** Adds one curve per model (per run and model when several runs) of {@code metric} over {@code step}. */
    public CurvePlot from(Table history, String metric) {
        List<TidyRows.Row> rows = TidyRows.read(history, "curves", metric, "model", "step");
        boolean manyRuns = TidyRows.manyRuns(rows);
        Map<String, TreeMap<Long, Double>> byModel = new LinkedHashMap<>();
        for (TidyRows.Row r : rows) {
            Double old = byModel.computeIfAbsent(TidyRows.key(r, manyRuns), k -> new TreeMap<>()).put(r.step(), r.value());
            if (old != null) {
                throw new IllegalArgumentException("curves: model '" + r.model() + "' has two '" + metric + "' rows at step " + r.step()
                    + " (is this a per-layer metric? curves need one value per step)");
            }
        }
        TidyRows.kinds(rows, manyRuns).forEach(kinds::putIfAbsent);
        byModel.forEach((k, m) -> add(k, Series.doubles(new ArrayList<>(m.keySet())), Series.doubles(new ArrayList<>(m.values()))));
        if (yLabel == null) yLabel = Metrics.label(metric);
        if (title == null) title = Metrics.title(metric);
        return this;
    }

    /** A dashed grey horizontal line at {@code y}, labelled in the legend. */
    public CurvePlot reference(double y, String label) {
        if (!Double.isFinite(y)) throw new IllegalArgumentException("reference '" + label + "' must be finite, got " + y);
        references.put(label, y);
        return this;
    }

    public CurvePlot logY(boolean on) {
        logY = on;
        return this;
    }

    /** Draws a marker at every point (default: lines only). */
    public CurvePlot markers(boolean on) {
        markers = on;
        return this;
    }

    @Override
    public XYChart build() {
        if (series.isEmpty()) throw new IllegalArgumentException("curves: no series added");
        XYChart chart = new XYChart(width, height);
        ChartStyle.applyAxes(chart.getStyler());
        chart.setTitle(or(title, "Training curves"));
        chart.setXAxisTitle(or(xLabel, "step"));
        chart.setYAxisTitle(or(yLabel, "value"));
        Map<String, SeriesLook> looks = SeriesLook.assign(new ArrayList<>(series.keySet()), kinds);
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            double[] x = e.getValue()[0], y = e.getValue()[1];
            if (logY) {
                for (double v : y) {
                    if (v <= 0) throw new IllegalArgumentException("curves: series '" + e.getKey() + "' has value " + v + "; a log axis needs positive values");
                }
            }
            for (double v : x) {
                x0 = Math.min(x0, v);
                x1 = Math.max(x1, v);
            }
            XYSeries s = chart.addSeries(e.getKey(), x, y);
            looks.get(e.getKey()).apply(s, markers || x.length == 1);
        }
        if (x1 <= x0) x1 = x0 + 1;
        for (Map.Entry<String, Double> r : references.entrySet()) {
            XYSeries s = chart.addSeries(r.getKey(), new double[] {x0, x1}, new double[] {r.getValue(), r.getValue()});
            s.setLineColor(java.awt.Color.GRAY);
            s.setLineStyle(SeriesLook.REFERENCE);
            s.setMarker(SeriesMarkers.NONE);
        }
        if (logY) ChartStyle.logY(chart);
        ChartStyle.relaxXTicks(chart, false);
        return chart;
    }
}
