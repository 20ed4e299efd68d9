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
 * A depth sweep: one quantity (final training loss by default) against depth, one line per block kind,
 * so the plain line climbs with depth while the residual one stays low.
 * <pre>Plots.depthSweep().add("plain", depths, plainLoss).add("residual", depths, resLoss).reference(Math.log(3), "chance").build();</pre>
 */
public final class DepthSweepPlot extends PlotBuilder<DepthSweepPlot, XYChart> {
    private final Map<String, double[][]> series = new LinkedHashMap<>();
    private final Map<String, Double> references = new LinkedHashMap<>();
    private boolean logY;
    private String metric = "final_train_loss";

    DepthSweepPlot() {}

    /** Adds one line: {@code values[i]} at {@code depths[i]}. */
    public DepthSweepPlot add(String name, int[] depths, double[] values) {
        return add(name, depths == null ? null : Series.doubles(depths), values);
    }

    public DepthSweepPlot add(String name, double[] depths, double[] values) {
        Series.check("depth sweep '" + name + "'", depths, values);
        if (series.containsKey(name)) throw new IllegalArgumentException("depth sweep '" + name + "' was added twice");
        series.put(name, new double[][] {depths.clone(), values.clone()});
        return this;
    }

    /**
     * Adds one line per block kind from rows of {@code metric} with a {@code depth} column; the kind comes
     * from a {@code block} column when there is one, else from the model's name.
     */
    public DepthSweepPlot from(Table results, String metricName) {
        String plot = "depthSweep";
        List<TidyRows.Row> rows = TidyRows.read(results, plot, metricName, "model", "depth");
        Map<String, TreeMap<Integer, Double>> lines = new LinkedHashMap<>();
        for (TidyRows.Row row : rows) {
            String line = !row.block().isEmpty() ? row.block()
                : Palette.kindOf(row.model()).map(k -> k.label()).orElse(row.model().replaceAll("[-_]?d(epth)?[-_]?\\d+$", ""));
            Double old = lines.computeIfAbsent(line, k -> new TreeMap<>()).put(row.depth(), row.value());
            if (old != null) {
                throw new IllegalArgumentException(plot + ": two '" + metricName + "' rows for '" + line + "' at depth " + row.depth()
                    + " (several runs? average them first)");
            }
        }
        lines.forEach((k, m) -> add(k, Series.doubles(new ArrayList<>(m.keySet())), Series.doubles(new ArrayList<>(m.values()))));
        metric = metricName;
        return this;
    }

    public DepthSweepPlot reference(double y, String label) {
        if (!Double.isFinite(y)) throw new IllegalArgumentException("reference '" + label + "' must be finite, got " + y);
        references.put(label, y);
        return this;
    }

    public DepthSweepPlot logY(boolean on) {
        logY = on;
        return this;
    }

    @Override
    public XYChart build() {
        if (series.isEmpty()) throw new IllegalArgumentException("depthSweep: no series added");
        XYChart chart = new XYChart(width, height);
        ChartStyle.applyAxes(chart.getStyler());
        chart.getStyler().setXAxisDecimalPattern("#0");
        chart.setTitle(or(title, Metrics.title(metric) + " versus depth"));
        chart.setXAxisTitle(or(xLabel, "depth (hidden blocks)"));
        chart.setYAxisTitle(or(yLabel, Metrics.label(metric)));
        Map<String, SeriesLook> looks = SeriesLook.assign(new ArrayList<>(series.keySet()), kinds);
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            double[] x = e.getValue()[0], y = e.getValue()[1];
            if (logY) {
                for (double v : y) {
                    if (v <= 0) throw new IllegalArgumentException("depthSweep: series '" + e.getKey() + "' has value " + v + "; a log axis needs positive values");
                }
            }
            for (double v : x) {
                x0 = Math.min(x0, v);
                x1 = Math.max(x1, v);
            }
            XYSeries s = chart.addSeries(e.getKey(), x, y);
            looks.get(e.getKey()).apply(s, true);
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
