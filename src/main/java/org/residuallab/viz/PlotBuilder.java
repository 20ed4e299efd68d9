package org.residuallab.viz;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.knowm.xchart.internal.chartpart.Chart;
import org.residuallab.nn.BlockKind;

/**
 * What every plot builder shares: title, axis labels, size, explicit block kinds, and the three ways
 * out ({@link #build()} an XChart chart, {@link #toImage()}, {@link #save(Path)} as PNG or SVG).
 *
 * @param <B> the concrete builder, returned by the fluent setters
 * @param <C> the XChart chart it builds
 */
public abstract class PlotBuilder<B extends PlotBuilder<B, C>, C extends Chart<?, ?>> {
    protected String title;
    protected String xLabel;
    protected String yLabel;
    protected int width = 800;
    protected int height = 500;
    protected final Map<String, BlockKind> kinds = new HashMap<>();

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** The chart's title (each plot has a descriptive default). */
    public B title(String t) {
        title = t;
        return self();
    }

    public B xLabel(String label) {
        xLabel = label;
        return self();
    }

    public B yLabel(String label) {
        yLabel = label;
        return self();
    }

    /** Image size in pixels (default 800 × 500). */
    public B size(int widthPx, int heightPx) {
        if (widthPx < 100 || heightPx < 100) {
            throw new IllegalArgumentException("chart size must be at least 100 × 100 pixels, got " + widthPx + " × " + heightPx);
        }
        width = widthPx;
        height = heightPx;
        return self();
    }

    /**
     * Declares a series' block kind when its name does not say it ({@link Palette#kindOf}), so that it
     * gets the plain or residual colour.
     */
    public B kind(String seriesName, BlockKind kind) {
        kinds.put(seriesName, kind);
        return self();
    }

    /** Builds the XChart chart; throws IllegalArgumentException naming what is wrong with the input. */
    public abstract C build();

    /** The chart rendered as an image (for notebooks). */
    public BufferedImage toImage() {
        return Plots.toImage(build());
    }

    /** Renders and writes the chart atomically, as PNG or SVG by the file's extension; returns the path. */
    public Path save(Path file) {
        return Plots.save(build(), file);
    }

    protected static String or(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
