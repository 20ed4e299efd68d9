package org.residuallab.viz;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/** Renders a painter (a chart or a panel of charts) to an image, PNG or SVG bytes, and writes files atomically. */
final class ChartFiles {
    private ChartFiles() {}

    static BufferedImage image(int w, int h, Consumer<Graphics2D> painter) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            painter.accept(g);
        } finally {
            g.dispose();
        }
        return img;
    }

    static byte[] png(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // in memory, without ImageIO's temporary-file cache: that cache registers a shutdown hook, and fails with
        // "Shutdown in progress" when a run stopped by Ctrl-C writes its charts
        ImageIO.setUseCache(false);
        try {
            if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer available");
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode PNG: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    static byte[] svg(int w, int h, Consumer<Graphics2D> painter) {
        VectorGraphics2D g = new VectorGraphics2D();
        painter.accept(g);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, w, h)).writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode SVG: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** PNG or SVG bytes, chosen by the file name's extension. */
    static byte[] encode(Path file, int w, int h, Consumer<Graphics2D> painter) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) return png(image(w, h, painter));
        if (name.endsWith(".svg")) return svg(w, h, painter);
        throw new IllegalArgumentException("cannot save a chart as '" + file + "': the name must end in .png or .svg");
    }
}
