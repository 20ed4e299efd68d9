package org.residuallab.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Paints a heat map on an XChart XY frame (title, axes, ticks from XChart; cells and colour bar painted on
 * top), because XChart 3.8.8's own HeatMapChart mislabels all-negative ranges and thins labels unevenly.
 * Cell (i, j) covers x between the midpoints around {@code x[i]} and y in {@code y[j]} ± 0.5; NaN cells
 * are drawn light grey. {@link HeatMapPlot} builds it; callers see an {@code XYChart}.
 */
final class HeatMapChart extends XYChart {
    private static final int BAR = 120;
    static final Color MISSING = new Color(0xE8E8E8);
    private final double[] x, y;
    private final double[][] values;   // [x index][y index]
    private final double min, max;
    private final String scaleLabel;
    private StageBands bands; // stages to mark, or null

    HeatMapChart(int width, int height, double[] x, double[] y, double[][] values, double min, double max, String scaleLabel) {
        super(width, height);
        this.x = x;
        this.y = y;
        this.values = values;
        this.min = min;
        this.max = max;
        this.scaleLabel = scaleLabel;
        ChartStyle.applyAxes(getStyler());
        getStyler().setLegendVisible(false);
        getStyler().setPlotGridLinesVisible(false);
        getStyler().setXAxisMin(lower(x, 0));
        getStyler().setXAxisMax(upper(x, x.length - 1));
        getStyler().setYAxisMin(y[0] - 0.5);
        getStyler().setYAxisMax(y[y.length - 1] + 0.5);
        getStyler().setXAxisDecimalPattern("#0");
        getStyler().setYAxisDecimalPattern("#0");
        getStyler().setPlotContentSize(1.0);
        // three unevenly spaced frame points: XChart then picks round ticks instead of one per value
        double x0 = lower(x, 0), x1 = upper(x, x.length - 1), y0 = y[0] - 0.5, y1 = y[y.length - 1] + 0.5;
        XYSeries frame = addSeries("cells", new double[] {x0, x0 + 0.37 * (x1 - x0), x1}, new double[] {y0, y0 + 0.37 * (y1 - y0), y1});
        frame.setMarker(SeriesMarkers.NONE);
        frame.setLineStyle(SeriesLines.NONE);
        frame.setShowInLegend(false);
    }

    /** Marks these stages: a white line between neighbouring bands, each band's name at the left of the map. */
    void bands(StageBands b) {
        bands = b;
    }

    /** The value of cell (i, j): x index i, y index j (NaN where there is none). */
    double value(int i, int j) {
        return values[i][j];
    }

    double min() {
        return min;
    }

    double max() {
        return max;
    }

    @Override
    public void paint(Graphics2D g, int width, int height) {
        int plotWidth = Math.max(100, width - BAR);
        super.paint(g, plotWidth, height);
        setWidth(width);
        setHeight(height);
        for (int i = 0; i < x.length; i++) {
            double sx0 = getScreenXFromChart(lower(x, i)), sx1 = getScreenXFromChart(upper(x, i));
            for (int j = 0; j < y.length; j++) {
                double sy0 = getScreenYFromChart(y[j] + 0.5), sy1 = getScreenYFromChart(y[j] - 0.5);
                double v = values[i][j];
                g.setColor(Double.isNaN(v) ? MISSING : Palette.viridis((v - min) / (max - min)));
                g.fill(new Rectangle2D.Double(sx0, sy0, sx1 - sx0 + 0.6, sy1 - sy0 + 0.6));
            }
        }
        double left = getScreenXFromChart(lower(x, 0)), right = getScreenXFromChart(upper(x, x.length - 1));
        double top = getScreenYFromChart(y[y.length - 1] + 0.5), bottom = getScreenYFromChart(y[0] - 0.5);
        if (bands != null) paintBands(g, left, right);
        g.setColor(getStyler().getPlotBorderColor());
        g.setStroke(new BasicStroke(1f));
        g.draw(new Rectangle2D.Double(left, top, right - left, bottom - top));
        paintColourBar(g, plotWidth, width, top, bottom);
    }

    // a white line at each boundary between bands; each band's label, white on a dark outline, at the map's left edge
    private void paintBands(Graphics2D g, double left, double right) {
        g.setStroke(new BasicStroke(2f));
        g.setColor(Color.WHITE);
        for (double b : bands.boundaries()) {
            double sy = getScreenYFromChart(b);
            g.draw(new java.awt.geom.Line2D.Double(left, sy, right, sy));
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        FontMetrics fm = g.getFontMetrics();
        for (StageBands.Band band : bands.bands()) {
            double lo = Math.max(band.from() - 0.5, y[0] - 0.5), hi = Math.min(band.to() + 0.5, y[y.length - 1] + 0.5);
            if (hi <= lo) continue;
            double sy0 = getScreenYFromChart(hi), sy1 = getScreenYFromChart(lo);
            if (sy1 - sy0 < fm.getAscent()) continue; // too thin to name
            int tx = (int) left + 5, ty = (int) ((sy0 + sy1) / 2 + fm.getAscent() / 2.0 - 1);
            g.setColor(ChartStyle.TEXT);
            for (int dx = -1; dx <= 1; dx++) for (int dy = -1; dy <= 1; dy++) if (dx != 0 || dy != 0) g.drawString(band.label(), tx + dx, ty + dy);
            g.setColor(Color.WHITE);
            g.drawString(band.label(), tx, ty);
        }
    }

    private void paintColourBar(Graphics2D g, int from, int to, double top, double bottom) {
        g.setColor(Color.WHITE);
        g.fillRect(from, 0, to - from, getHeight());
        int bx = from + 14, bw = 18;
        double h = bottom - top;
        for (int k = 0; k < (int) h; k++) {
            g.setColor(Palette.viridis(1 - k / h));
            g.fillRect(bx, (int) top + k, bw, 1);
        }
        g.setColor(ChartStyle.TEXT);
        g.drawRect(bx, (int) top, bw, (int) h);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        for (int k = 0; k <= 4; k++) {
            double v = min + (max - min) * k / 4.0;
            int yy = (int) Math.round(bottom - h * k / 4.0);
            g.drawLine(bx + bw, yy, bx + bw + 4, yy);
            g.drawString(String.format(Locale.ENGLISH, "%.1f", v), bx + bw + 7, yy + fm.getAscent() / 2 - 1);
        }
        g.drawString(scaleLabel, Math.max(from + 2, bx + bw / 2 - fm.stringWidth(scaleLabel) / 2), (int) top - 8);
    }

    private static double lower(double[] v, int i) {
        if (v.length == 1) return v[0] - 0.5;
        return i == 0 ? v[0] - (v[1] - v[0]) / 2 : (v[i - 1] + v[i]) / 2;
    }

    private static double upper(double[] v, int i) {
        if (v.length == 1) return v[0] + 0.5;
        int n = v.length;
        return i == n - 1 ? v[n - 1] + (v[n - 1] - v[n - 2]) / 2 : (v[i] + v[i + 1]) / 2;
    }
}
