package org.residuallab.notebook;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Several charts side by side in one image (a panel), row by row; each cell is as large as the
 * largest chart. In a notebook it renders as one PNG.
 * <pre>ChartGrid.of(lossChart, gradChart)            // one row of two
 * ChartGrid.of(2, a, b, c, d)                     // two columns, two rows</pre>
 */
public final class ChartGrid {
    private final List<Chart<?, ?>> charts;
    private final int columns;

    private ChartGrid(List<Chart<?, ?>> charts, int columns) {
        if (charts.isEmpty()) throw new IllegalArgumentException("a chart grid needs at least one chart");
        for (int i = 0; i < charts.size(); i++) {
            if (charts.get(i) == null) throw new IllegalArgumentException("chart " + i + " of the grid is null");
        }
        if (columns < 1) throw new IllegalArgumentException("columns must be >= 1 but was " + columns);
        this.charts = List.copyOf(charts);
        this.columns = Math.min(columns, charts.size());
    }

    /** All charts in one row. */
    public static ChartGrid of(Chart<?, ?>... charts) {
        return new ChartGrid(List.of(charts), Math.max(1, charts.length));
    }

    /** The charts in rows of {@code columns}. */
    public static ChartGrid of(int columns, Chart<?, ?>... charts) {
        return new ChartGrid(List.of(charts), columns);
    }

    /** The charts in rows of {@code columns}. */
    public static ChartGrid of(int columns, List<? extends Chart<?, ?>> charts) {
        return new ChartGrid(new ArrayList<>(charts), columns);
    }

    public List<Chart<?, ?>> charts() {
        return charts;
    }

    public int columns() {
        return columns;
    }

    public int rows() {
        return (charts.size() + columns - 1) / columns;
    }

    /** The panel: a white image of rows × columns cells, each chart painted into its own cell. */
    public BufferedImage image() {
        int cellW = 0, cellH = 0;
        for (Chart<?, ?> c : charts) {
            cellW = Math.max(cellW, c.getWidth());
            cellH = Math.max(cellH, c.getHeight());
        }
        BufferedImage img = new BufferedImage(cellW * columns, cellH * rows(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = ChartImages.canvas(img);
        try {
            for (int i = 0; i < charts.size(); i++) {
                Chart<?, ?> c = charts.get(i);
                Graphics2D cell = (Graphics2D) g.create((i % columns) * cellW, (i / columns) * cellH, c.getWidth(), c.getHeight());
                try {
                    c.paint(cell, c.getWidth(), c.getHeight());
                } finally {
                    cell.dispose();
                }
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    public byte[] png() {
        return ChartImages.png(image());
    }

    @Override
    public String toString() {
        return "ChartGrid(" + charts.size() + " charts, " + rows() + "x" + columns + ")";
    }
}
