package org.residuallab.notebook;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.internal.chartpart.Chart;
import org.residuallab.viz.Panel;
import tech.tablesaw.api.Table;

/**
 * What a result looks like in a notebook: a title, one key image (a chart or a viz Panel), small tables and
 * a few lines of text. It renders as HTML with the image inlined, and also offers the key image as
 * image/png. Pure data: building or rendering a view needs no kernel.
 * <pre>View.titled("plain vs residual, depth 20").image(chart).table(summary, 5).line("plain loss stays at 1.10")</pre>
 */
public final class View {
    private final String title;
    private BufferedImage image;
    private final List<String> parts = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();

    private View(String title) {
        this.title = title;
    }

    public static View titled(String title) {
        return new View(title == null ? "" : title);
    }

    /** The key chart, drawn now (later changes to the chart do not show). */
    public View image(Chart<?, ?> chart) {
        return image(ChartImages.image(chart));
    }

    /** A panel of several charts as the key image. */
    public View image(Panel panel) {
        return image(panel.toImage());
    }

    public View image(BufferedImage img) {
        if (img == null) throw new IllegalArgumentException("view '" + title + "': image must not be null");
        if (image != null) throw new IllegalStateException("view '" + title + "' already has its key image; use a Panel (Plots.panel) for several charts");
        image = img;
        return this;
    }

    /** A table showing its first {@code maxRows} rows. */
    public View table(Table table, int maxRows) {
        parts.add(TableHtml.of(table, maxRows));
        return this;
    }

    /** A line of text under the image, e.g. a key number. */
    public View line(String text) {
        lines.add(text);
        return this;
    }

    public String title() {
        return title;
    }

    public boolean hasImage() {
        return image != null;
    }

    /** The key image as PNG, or null when the view has none. */
    public byte[] png() {
        return image == null ? null : ChartImages.png(image);
    }

    /** The whole view as one HTML fragment (the image inlined as a data URI). */
    public String html() {
        StringBuilder h = new StringBuilder("<div class=\"rl-view\">");
        if (!title.isEmpty()) h.append("<div style=\"font-weight:bold;margin:4px 0\">").append(TableHtml.escape(title)).append("</div>");
        if (image != null) {
            h.append("<img alt=\"").append(TableHtml.escape(title)).append("\" src=\"data:image/png;base64,")
                    .append(ChartImages.base64(png())).append("\"/>");
        }
        for (String line : lines) h.append("<div>").append(TableHtml.escape(line)).append("</div>");
        for (String part : parts) h.append(part);
        return h.append("</div>").toString();
    }

    /** Title and text lines, for plain-text front ends. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(title);
        for (String line : lines) s.append(s.length() == 0 ? "" : "\n").append(line);
        return s.toString();
    }
}
