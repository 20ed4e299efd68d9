package org.residuallab.notebook;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;

/**
 * Line charts of tidy tables for notebook views: one line per value of a series column, plain models
 * vermillion and residual ones blue (Okabe–Ito), others in further Okabe–Ito colours. A small stand-in
 * for the plots of {@code org.residuallab.viz}.
 * <pre>XYChart c = LineCharts.of(curves, "step", "model", "Training loss", "step", "loss", false);</pre>
 */
public final class LineCharts {
    static final Color PLAIN = new Color(0xD55E00), RESIDUAL = new Color(0x0072B2);
    private static final Color[] OTHERS = {new Color(0xE69F00), new Color(0x009E73), new Color(0xCC79A7), new Color(0x56B4E9), Color.BLACK};

    private LineCharts() {}

    /** A 560×400 chart: x = column {@code x}, y = column "value", one line per distinct {@code series}, rows in x order. */
    public static XYChart of(Table t, String x, String series, String title, String xTitle, String yTitle, boolean logY) {
        for (String col : List.of(x, series, "value")) {
            if (!t.columnNames().contains(col)) {
                throw new IllegalArgumentException("table '" + t.name() + "' lacks column '" + col + "'; it has " + t.columnNames());
            }
        }
        if (t.rowCount() == 0) throw new IllegalArgumentException("table '" + t.name() + "' has no rows to draw for '" + title + "'");
        XYChart chart = new XYChartBuilder().width(560).height(400).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setYAxisLogarithmic(logY).setPlotGridLinesColor(new Color(0xDDDDDD));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal)
                .setChartBackgroundColor(Color.WHITE).setMarkerSize(5);
        int other = 0;
        for (String name : new LinkedHashSet<>(t.stringColumn(series).asList())) {
            Table rows = t.where(t.stringColumn(series).isEqualTo(name)).sortAscendingOn(x);
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            NumericColumn<?> xc = (NumericColumn<?>) rows.column(x);
            for (int r = 0; r < rows.rowCount(); r++) {
                double v = rows.doubleColumn("value").getDouble(r);
                if (!Double.isFinite(v) || (logY && v <= 0)) {
                    throw new IllegalArgumentException("'" + title + "', " + name + " at " + x + " " + xc.getDouble(r) + ": value " + v
                            + (logY ? " cannot go on a log axis" : " is not finite"));
                }
                xs.add(xc.getDouble(r));
                ys.add(v);
            }
            XYSeries s = chart.addSeries(name, xs, ys);
            Color c = colorOf(name, other);
            if (c != PLAIN && c != RESIDUAL) other++;
            s.setMarker(xs.size() > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            s.setLineColor(c);
            s.setMarkerColor(c);
        }
        return chart;
    }

    /** Vermillion for names containing "plain", blue for "resid", else the n-th other colour. */
    static Color colorOf(String name, int n) {
        String s = name.toLowerCase(Locale.ROOT);
        return s.contains("plain") ? PLAIN : s.contains("resid") ? RESIDUAL : OTHERS[n % OTHERS.length];
    }
}
