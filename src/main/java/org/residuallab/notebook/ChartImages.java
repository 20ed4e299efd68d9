package org.residuallab.notebook;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Turns XChart charts and images into PNG bytes (and base64, as Jupyter wants them); works with or
 * without a kernel, headless.
 * <pre>byte[] png = ChartImages.png(chart);</pre>
 */
public final class ChartImages {
    private ChartImages() {}

    /** The chart drawn at its own width and height, as PNG. */
    public static byte[] png(Chart<?, ?> chart) {
        if (chart == null) throw new IllegalArgumentException("chart must not be null");
        return png(image(chart));
    }

    /** The chart drawn at its own width and height. */
    public static BufferedImage image(Chart<?, ?> chart) {
        if (chart.getWidth() <= 0 || chart.getHeight() <= 0) {
            throw new IllegalArgumentException("chart '" + chart.getTitle() + "' has size " + chart.getWidth() + "x"
                    + chart.getHeight() + "; width and height must be positive");
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Any image as PNG. */
    public static byte[] png(BufferedImage image) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            if (!ImageIO.write(image, "png", out)) throw new IllegalStateException("no PNG writer available in this JVM");
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the image as PNG", e);
        }
    }

    /** PNG bytes as base64, the form Jupyter's image/png output holds. */
    public static String base64(byte[] png) {
        return Base64.getEncoder().encodeToString(png);
    }

    /** A white canvas of the given size with antialiasing on, for composing several charts. */
    static Graphics2D canvas(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        return g;
    }
}
