package org.residuallab.data;

/**
 * Images as a file stores them: {@code count} images of (channels, height, width) unsigned bytes in
 * row-major order, one after the other, and a label per image. {@link Images} turns them into a {@link Dataset}.
 */
public record RawImages(String name, int count, int channels, int height, int width, byte[] pixels, int[] labels) {

    public RawImages {
        long expected = (long) count * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel bytes for " + count + " images of "
                    + channels + "×" + height + "×" + width + " (" + expected + " expected)");
        }
        if (labels.length != count) throw new IllegalArgumentException(name + ": " + labels.length + " labels for " + count + " images");
    }

    /** Pixels per image. */
    public int imageSize() {
        return channels * height * width;
    }

    /** Pixel i of image n as 0..255. */
    public int pixel(int n, int i) {
        return pixels[n * imageSize() + i] & 0xFF;
    }
}
