package org.residuallab.viz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tech.tablesaw.api.Table;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;

/**
 * A lesion study (Veit et al. 2016): test accuracy after removing one block at a time, as bars per
 * model, with each model's intact accuracy as a dashed line. Residual nets shrug off most single
 * lesions; plain nets collapse.
 * <pre>Plots.lesion().add("plain-d10", accWithoutBlock, 0.93).add("residual-d10", acc2, 0.95).chance(0.1).build();</pre>
 */
public final class LesionPlot extends PlotBuilder<LesionPlot, CategoryChart> {
    private final Map<String, double[]> bars = new LinkedHashMap<>();
    private final Map<String, Double> intact = new LinkedHashMap<>();
    private Double chance;
    private List<String> blockNames;

    LesionPlot() {
        width = 900;
    }

    /**
     * Adds a model: {@code withoutBlock[i]} is its test accuracy with block {@code i + 1} removed,
     * {@code intactAccuracy} its accuracy with every block (NaN to leave the line out).
     */
    public LesionPlot add(String model, double[] withoutBlock, double intactAccuracy) {
        if (withoutBlock == null || withoutBlock.length == 0) throw new IllegalArgumentException("lesion '" + model + "': no blocks");
        Series.finite("lesion '" + model + "'", withoutBlock);
        if (bars.containsKey(model)) throw new IllegalArgumentException("lesion '" + model + "' was added twice");
        if (!bars.isEmpty()) {
            int n = bars.values().iterator().next().length;
            if (n != withoutBlock.length) {
                throw new IllegalArgumentException("lesion '" + model + "' has " + withoutBlock.length + " blocks but earlier models have " + n);
            }
        }
        bars.put(model, withoutBlock.clone());
        intact.put(model, intactAccuracy);
        return this;
    }

    /**
     * Adds every model of a lesion table ({@code model, layer, layer_index, metric, value}, optional
     * {@code block}): rows with layer_index ≥ 0 are the removed blocks, the row with layer_index −1 the
     * intact model.
     */
    public LesionPlot from(Table lesions, String metric) {
        List<TidyRows.Row> rows = TidyRows.read(lesions, "lesion", metric, "model", "layer", "layer_index");
        Map<String, TreeMap<Integer, Double>> removed = new LinkedHashMap<>();
        Map<String, Double> whole = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (TidyRows.Row r : rows) {
            if (r.layerIndex() < 0) {
                whole.put(r.model(), r.value());
                removed.computeIfAbsent(r.model(), m -> new TreeMap<>());
            } else {
                Double old = removed.computeIfAbsent(r.model(), m -> new TreeMap<>()).put(r.layerIndex(), r.value());
                if (old != null) throw new IllegalArgumentException("lesion: model '" + r.model() + "' has two '" + metric + "' rows for layer_index " + r.layerIndex());
                if (removed.size() == 1) names.add(r.layer());
            }
        }
        TidyRows.kinds(rows, false).forEach(kinds::putIfAbsent);
        for (Map.Entry<String, TreeMap<Integer, Double>> e : removed.entrySet()) {
            if (e.getValue().isEmpty()) throw new IllegalArgumentException("lesion: model '" + e.getKey() + "' has no rows with a block removed");
            add(e.getKey(), e.getValue().values().stream().mapToDouble(Double::doubleValue).toArray(), whole.getOrDefault(e.getKey(), Double.NaN));
        }
        if (names.stream().allMatch(n -> n.matches("block\\d+"))) {
            names.replaceAll(n -> n.substring("block".length()));
        }
        blockNames = names;
        if (yLabel == null) yLabel = Metrics.label(metric);
        return this;
    }

    /** A dotted line at chance accuracy (1 / classes). */
    public LesionPlot chance(double accuracy) {
        chance = accuracy;
        return this;
    }

    @Override
    public CategoryChart build() {
        if (bars.isEmpty()) throw new IllegalArgumentException("lesion: no models added");
        int n = bars.values().iterator().next().length;
        List<String> blocks = new ArrayList<>();
        for (int i = 1; i <= n; i++) blocks.add(blockNames != null && blockNames.size() == n ? blockNames.get(i - 1) : String.valueOf(i));
        LesionChart chart = new LesionChart(width, height);
        ChartStyle.applyAxes(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeriesRenderStyle.Bar);
        boolean fraction = bars.values().stream().flatMapToDouble(java.util.Arrays::stream).allMatch(v -> v >= 0 && v <= 1)
            && intact.values().stream().allMatch(v -> Double.isNaN(v) || (v >= 0 && v <= 1));
        if (fraction) {
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setYAxisMax(1.0);
        }
        chart.getStyler().setAvailableSpaceFill(0.8);
        chart.getStyler().setOverlapped(false);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        chart.setTitle(or(title, "Lesion: " + or(yLabel, "test accuracy") + " with one block removed"));
        chart.setXAxisTitle(or(xLabel, "block removed"));
        chart.setYAxisTitle(or(yLabel, "test accuracy"));
        Map<String, SeriesLook> looks = SeriesLook.assign(new ArrayList<>(bars.keySet()), kinds);
        for (Map.Entry<String, double[]> e : bars.entrySet()) {
            List<Double> ys = new ArrayList<>();
            for (double v : e.getValue()) ys.add(v);
            double whole = intact.get(e.getKey());
            String label = Double.isNaN(whole) ? e.getKey() : String.format(java.util.Locale.ENGLISH, "%s (intact %.2f, dashed)", e.getKey(), whole);
            CategorySeries s = chart.addSeries(label, blocks, ys);
            s.setFillColor(looks.get(e.getKey()).color);
            s.setLineColor(looks.get(e.getKey()).color);
            if (!Double.isNaN(whole)) chart.lines.add(new LesionChart.Line(whole, looks.get(e.getKey()).color, SeriesLook.REFERENCE, null));
        }
        if (chance != null) chart.lines.add(new LesionChart.Line(chance, java.awt.Color.GRAY, SeriesLook.THIN, "chance"));
        return chart;
    }
}
