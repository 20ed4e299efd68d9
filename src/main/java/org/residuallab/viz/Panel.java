package org.residuallab.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.internal.chartpart.Chart;
import org.residuallab.io.AtomicFiles;

/**
 * Several charts composed into one image, in a grid (side by side by default), with an optional
 * overall title; saved as PNG or SVG like a single chart.
 * <pre>Plots.panel(plainHeatMap, residualHeatMap).title("Where gradients vanish").save(Path.of("heat.png"));</pre>
 */
public final class Panel {
    private static final int TITLE_HEIGHT = 40;
    private final List<Chart<?, ?>> charts;
    private int columns;
    private String title;

    private Panel(List<Chart<?, ?>> charts) {
        this.charts = charts;
        this.columns = charts.size();
    }

    /** A panel of the given charts, all in one row. */
    public static Panel of(Chart<?, ?>... charts) {
        return of(charts == null ? null : Arrays.asList(charts));
    }

    public static Panel of(List<? extends Chart<?, ?>> charts) {
        if (charts == null || charts.isEmpty()) throw new IllegalArgumentException("a panel needs at least one chart");
        for (int i = 0; i < charts.size(); i++) {
            if (charts.get(i) == null) throw new IllegalArgumentException("panel chart " + i + " is null");
        }
        return new Panel(new ArrayList<>(charts));
    }

    /** Charts per row (default: all in one row). */
    public Panel columns(int n) {
        if (n < 1) throw new IllegalArgumentException("panel columns must be >= 1, got " + n);
        columns = Math.min(n, charts.size());
        return this;
    }

    /** A title over the whole panel. */
    public Panel title(String t) {
        title = t;
        return this;
    }

    private int rows() {
        return (charts.size() + columns - 1) / columns;
    }

    private int cellWidth() {
        return charts.stream().mapToInt(Chart::getWidth).max().orElse(0);
    }

    private int cellHeight() {
        return charts.stream().mapToInt(Chart::getHeight).max().orElse(0);
    }

    /** Width of the composed image in pixels: columns × the widest chart. */
    public int width() {
        return columns * cellWidth();
    }

    /** Height of the composed image: rows × the tallest chart, plus the title band when titled. */
    public int height() {
        return rows() * cellHeight() + (title != null ? TITLE_HEIGHT : 0);
    }

    private void paint(Graphics2D g) {
        int top = 0;
        if (title != null) {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width(), TITLE_HEIGHT);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
            g.setColor(ChartStyle.TEXT);
            FontMetrics fm = g.getFontMetrics();
            g.drawString(title, Math.max(8, (width() - fm.stringWidth(title)) / 2), (TITLE_HEIGHT + fm.getAscent() - fm.getDescent()) / 2);
            top = TITLE_HEIGHT;
        }
        for (int i = 0; i < charts.size(); i++) {
            Chart<?, ?> c = charts.get(i);
            AffineTransform saved = g.getTransform();
            g.translate((i % columns) * cellWidth(), top + (i / columns) * cellHeight());
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, cellWidth(), cellHeight());
            c.paint(g, c.getWidth(), c.getHeight());
            g.setTransform(saved);
        }
    }

    public BufferedImage toImage() {
        return ChartFiles.image(width(), height(), this::paint);
    }

    /** Writes the panel atomically as PNG or SVG, by the file's extension; returns the absolute path. */
    public Path save(Path file) {
        return AtomicFiles.write(file, ChartFiles.encode(file, width(), height(), this::paint));
    }
}
