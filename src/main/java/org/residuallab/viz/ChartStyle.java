package org.residuallab.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.Locale;
import java.util.TreeSet;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.knowm.xchart.style.Styler;

/** The readable defaults every chart starts from: white background, large sans-serif text, light grid, legend outside. */
final class ChartStyle {
    private ChartStyle() {}

    static final Color GRID = new Color(0xDDDDDD);
    static final Color TEXT = new Color(0x222222);

    static void apply(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setChartFontColor(TEXT);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        s.setChartTitleBoxBackgroundColor(Color.WHITE);
        s.setChartTitleBoxBorderColor(Color.WHITE);
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendBorderColor(GRID);
        s.setLegendBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setLegendSeriesLineLength(28);
        s.setPlotBorderColor(new Color(0x999999));
        s.setChartPadding(12);
        s.setAntiAlias(true);
        s.setMarkerSize(7);
        s.setSeriesColors(new Color[] {Palette.PLAIN, Palette.RESIDUAL, Palette.ORANGE, Palette.BLUISH_GREEN,
            Palette.REDDISH_PURPLE, Palette.SKY_BLUE, Palette.BLACK, Palette.YELLOW});
    }

    static void applyAxes(AxesChartStyler s) {
        apply(s);
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setAxisTickLabelsColor(TEXT);
        s.setPlotGridLinesColor(GRID);
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setAxisTitlePadding(8);
        s.setLocale(Locale.ENGLISH);
    }

    /** A log y axis for data in [lo, hi]: decade labels as 1E-4 across two or more decades, else every 1-2-5 tick. */
    static void logY(AxesChartStyler s, double lo, double hi) {
        s.setYAxisLogarithmic(true);
        if (hi / lo >= 100) {
            s.setYAxisDecimalPattern("0E0");  // XChart otherwise mixes 0.001 and 1E-4; a formatting function breaks log axes
        } else {
            s.setYAxisLogarithmicDecadeOnly(false);
        }
    }

    /** Makes the y axis logarithmic, choosing labels from the range of the series' y values. */
    static void logY(XYChart chart) {
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (XYSeries s : chart.getSeriesMap().values()) {
            for (double y : s.getYData()) {
                if (y > 0) {
                    lo = Math.min(lo, y);
                    hi = Math.max(hi, y);
                }
            }
        }
        logY(chart.getStyler(), lo, hi);
    }

    /**
     * XChart puts a tick under every x value when the x values are equally spaced (steps 0, 1, 2, ...), which
     * crowds the labels; an invisible one-point series between two values makes it choose round ticks.
     */
    static void relaxXTicks(XYChart chart, boolean always) {
        TreeSet<Double> xs = new TreeSet<>();
        XYSeries any = null;
        for (XYSeries s : chart.getSeriesMap().values()) {
            for (double x : s.getXData()) xs.add(x);
            if (any == null) any = s;
        }
        if (any == null || xs.size() < 3 || (!always && xs.size() * 70 <= chart.getWidth() * 0.7)) return;
        double x = (xs.first() + xs.higher(xs.first())) / 2;
        XYSeries ghost = chart.addSeries(" ", new double[] {x}, new double[] {any.getYData()[0]});
        ghost.setShowInLegend(false);
        ghost.setMarker(SeriesMarkers.NONE);
        ghost.setLineStyle(SeriesLines.NONE);
    }
}
