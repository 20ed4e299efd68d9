package org.residuallab.notebook;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.Table;

/**
 * The signature plot: a gradient norm by layer on a log axis, one line per model; plain models are
 * vermillion, residual ones blue (Okabe–Ito), others grey. {@link #panel} puts both metrics side by side.
 * <pre>XYChart c = GradientNormChart.of(norms, GradientNorms.BACKPROP);</pre>
 */
public final class GradientNormChart {
    static final Color PLAIN = new Color(0xD55E00), RESIDUAL = new Color(0x0072B2), OTHER = new Color(0x555555);

    private GradientNormChart() {}

    /** The back-propagated gradient (left) and the weight gradient (right) by layer, in one image. */
    public static ChartGrid panel(Table norms) {
        return ChartGrid.of(of(norms, GradientNorms.BACKPROP), of(norms, GradientNorms.WEIGHT));
    }

    /** A 560×400 chart of one metric of a {@link GradientNorms#byLayer} table. */
    public static XYChart of(Table norms, String metric) {
        for (String col : List.of("model", "metric", "layer_index", "value")) {
            if (!norms.columnNames().contains(col)) {
                throw new IllegalArgumentException("table '" + norms.name() + "' lacks column '" + col + "'; it has " + norms.columnNames());
            }
        }
        boolean weight = GradientNorms.WEIGHT.equals(metric);
        if (!weight && !GradientNorms.BACKPROP.equals(metric)) {
            throw new IllegalArgumentException("unknown metric '" + metric + "': expected " + GradientNorms.BACKPROP + " or " + GradientNorms.WEIGHT);
        }
        norms = norms.where(norms.stringColumn("metric").isEqualTo(metric));
        if (norms.rowCount() == 0) throw new IllegalArgumentException("the table has no rows for metric '" + metric + "'");
        XYChart chart = new XYChartBuilder().width(560).height(400)
                .title(weight ? "Weight gradient by layer" : "Gradient flowing back, by block")
                .xAxisTitle(weight ? "hidden layer (input side → output side)" : "block (input side → output side)")
                .yAxisTitle(weight ? "‖dL/dW‖₂ (log scale)" : "‖dL/dx‖₂ at the block's input (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true).setPlotGridLinesColor(new Color(0xDDDDDD));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE).setChartBackgroundColor(Color.WHITE).setMarkerSize(6);
        for (String model : new java.util.LinkedHashSet<>(norms.stringColumn("model").asList())) {
            Table rows = norms.where(norms.stringColumn("model").isEqualTo(model)).sortAscendingOn("layer_index");
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int r = 0; r < rows.rowCount(); r++) {
                double v = rows.doubleColumn("value").getDouble(r);
                if (!(v > 0) || !Double.isFinite(v)) {
                    throw new IllegalArgumentException("model '" + model + "', layer " + rows.intColumn("layer_index").getInt(r)
                            + ": gradient norm " + v + " cannot go on a log axis");
                }
                xs.add((double) rows.intColumn("layer_index").getInt(r));
                ys.add(v);
            }
            XYSeries s = chart.addSeries(model, xs, ys);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(colorOf(model));
            s.setMarkerColor(colorOf(model));
        }
        return chart;
    }

    static Color colorOf(String model) {
        String m = model.toLowerCase(java.util.Locale.ROOT);
        return m.contains("plain") ? PLAIN : m.contains("resid") ? RESIDUAL : OTHER;
    }
}
