package org.residuallab.viz;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.residuallab.nn.BlockKind;
import tech.tablesaw.api.Table;

/**
 * log10(std(update) / std(weight)) per layer over training steps, with the −3 reference line
 * (Karpathy's rule of thumb: updates about a thousandth of the weights). Lines are shades of the model's
 * colour, dark at the input side.
 * <pre>Plots.updateRatio(probes).model("residual-sigmoid-d20").build();</pre>
 */
public final class UpdateRatioPlot extends PlotBuilder<UpdateRatioPlot, XYChart> {
    private final Table table;
    private String metric = Metrics.UPDATE_RATIO;
    private String model;
    private Predicate<String> layerFilter;   // null: weight matrices (paths ending in /W) when there are any
    private double reference = -3;

    UpdateRatioPlot(Table table) {
        this.table = table;
    }

    public UpdateRatioPlot metric(String m) {
        metric = m;
        return this;
    }

    /** Draws only this model (default: every model in the table). */
    public UpdateRatioPlot model(String name) {
        model = name;
        return this;
    }

    /** Keeps only the parameters whose path passes {@code keep} (default: the weight matrices, ".../W", as Karpathy plots). */
    public UpdateRatioPlot layers(Predicate<String> keep) {
        layerFilter = keep;
        return this;
    }

    /** Where the reference line sits (default −3). */
    public UpdateRatioPlot reference(double log10Ratio) {
        reference = log10Ratio;
        return this;
    }

    @Override
    public XYChart build() {
        String plot = "updateRatio";
        List<TidyRows.Row> rows = TidyRows.read(table, plot, metric, "model", "step", "layer", "layer_index");
        Set<String> models = new LinkedHashSet<>();
        rows.forEach(r -> models.add(r.model()));
        if (model != null && !models.contains(model)) {
            throw new IllegalArgumentException(plot + ": no model '" + model + "' with metric '" + metric + "' (models: " + models + ")");
        }
        Predicate<String> keep = layerFilter != null ? layerFilter
            : rows.stream().anyMatch(r -> r.layer().endsWith("/W")) ? l -> l.endsWith("/W") : l -> true;
        // model -> layer name -> step -> value; layers ordered by layer_index, then first appearance
        Map<String, Map<String, TreeMap<Long, Double>>> data = new LinkedHashMap<>();
        Map<String, Integer> order = new LinkedHashMap<>();
        double minStep = Double.POSITIVE_INFINITY, maxStep = Double.NEGATIVE_INFINITY;
        for (TidyRows.Row r : rows) {
            if ((model != null && !r.model().equals(model)) || !keep.test(r.layer())) continue;
            data.computeIfAbsent(r.model(), m -> new LinkedHashMap<>()).computeIfAbsent(r.layer(), l -> new TreeMap<>()).put(r.step(), r.value());
            order.putIfAbsent(r.model() + "#" + r.layer(), r.layerIndex());
            minStep = Math.min(minStep, r.step());
            maxStep = Math.max(maxStep, r.step());
        }
        if (data.isEmpty()) throw new IllegalArgumentException(plot + ": the layer filter removed every row of metric '" + metric + "'");
        XYChart chart = new XYChart(width, height);
        ChartStyle.applyAxes(chart.getStyler());
        chart.getStyler().setXAxisDecimalPattern("#0");
        chart.setTitle(or(title, "Update:data ratio" + (data.size() == 1 ? ": " + data.keySet().iterator().next() : "")));
        chart.setXAxisTitle(or(xLabel, "step"));
        chart.setYAxisTitle(or(yLabel, "log10 std(update) / std(weight)"));
        Map<String, BlockKind> kindOf = TidyRows.kinds(rows, false, kinds);
        for (Map.Entry<String, Map<String, TreeMap<Long, Double>>> m : data.entrySet()) {
            BlockKind k = kindOf.containsKey(m.getKey()) ? kindOf.get(m.getKey()) : Palette.kindOf(m.getKey()).orElse(null);
            Color base = k == null ? null : Palette.of(k);
            List<String> layers = new ArrayList<>(m.getValue().keySet());
            layers.sort(Comparator.comparingInt(l -> order.get(m.getKey() + "#" + l)));   // stable: ties keep first appearance
            int n = layers.size();
            for (int i = 0; i < n; i++) {
                TreeMap<Long, Double> points = m.getValue().get(layers.get(i));
                List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
                points.forEach((s, v) -> {
                    xs.add((double) s);
                    ys.add(v);
                });
                String name = (data.size() > 1 ? m.getKey() + " " : "") + layers.get(i);
                XYSeries s = chart.addSeries(name, xs, ys);
                Color c = SeriesLook.layerShade(base, i, n);
                s.setLineColor(c);
                s.setLineStyle(SeriesLook.THIN);
                s.setMarker(xs.size() == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
                s.setMarkerColor(c);
                s.setShowInLegend(SeriesLook.inLegend(i, n));
            }
        }
        double x0 = minStep, x1 = maxStep > minStep ? maxStep : minStep + 1;
        XYSeries ref = chart.addSeries("reference " + fmt(reference), new double[] {x0, x1}, new double[] {reference, reference});
        ref.setLineColor(Palette.BLACK);
        ref.setLineStyle(SeriesLook.REFERENCE);
        ref.setMarker(SeriesMarkers.NONE);
        ChartStyle.relaxXTicks(chart, false);
        return chart;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
