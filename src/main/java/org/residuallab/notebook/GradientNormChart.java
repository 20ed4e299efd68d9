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
 * The signature plot: weight-gradient norm by layer on a log axis, one line per model; plain models are
 * vermillion, residual ones blue (Okabe–Ito), others grey.
 * <pre>XYChart c = GradientNormChart.of(GradientNorms.byLayer(x, y, plain, residual));</pre>
 */
public final class GradientNormChart {
    static final Color PLAIN = new Color(0xD55E00), RESIDUAL = new Color(0x0072B2), OTHER = new Color(0x555555);

    private GradientNormChart() {}

    /** A 720×420 chart of a {@link GradientNorms#byLayer} table. */
    public static XYChart of(Table norms) {
        for (String col : List.of("model", "layer_index", "value")) {
            if (!norms.columnNames().contains(col)) {
                throw new IllegalArgumentException("table '" + norms.name() + "' lacks column '" + col + "'; it has " + norms.columnNames());
            }
        }
        XYChart chart = new XYChartBuilder().width(720).height(420).title("Weight-gradient norm by layer")
                .xAxisTitle("hidden layer (input side → output side)").yAxisTitle("‖dL/dW‖₂ (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true).setPlotGridLinesColor(new Color(0xDDDDDD));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE).setChartBackgroundColor(Color.WHITE).setMarkerSize(6);
        for (String model : norms.stringColumn("model").unique().asList()) {
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
