package org.residuallab.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;

/**
 * Paints a bar chart with horizontal reference lines over it (XChart's category charts give line series
 * a bar slot of their own, which squeezes the bars). {@link LesionPlot} builds it; callers see a {@code CategoryChart}.
 */
final class LesionChart extends CategoryChart {
    /** A horizontal line at {@code y} in chart units, optionally labelled at its right end. */
    record Line(double y, Color color, BasicStroke stroke, String label) {}

    final List<Line> lines = new ArrayList<>();

    LesionChart(int width, int height) {
        super(width, height);
    }

    @Override
    public void paint(Graphics2D g, int width, int height) {
        super.paint(g, width, height);
        java.awt.geom.Rectangle2D area = plot.getBounds();
        double x0 = area.getX() + 1, x1 = area.getMaxX() - 1;
        for (Line l : lines) {
            double y = getScreenYFromChart(l.y());
            g.setColor(l.color());
            g.setStroke(l.stroke());
            g.draw(new Line2D.Double(x0, y, x1, y));
            if (l.label() != null) {
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                g.drawString(l.label(), (float) (x1 - g.getFontMetrics().stringWidth(l.label()) - 2), (float) (y - 3));
            }
        }
    }
}
