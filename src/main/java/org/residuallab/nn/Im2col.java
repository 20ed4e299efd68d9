package org.residuallab.nn;

/**
 * The readable heart of a convolution: unfold every k×k patch of an image into a column, so that a
 * convolution becomes one matrix product, filters · patches (Chellapilla et al. 2006); fold columns back
 * for the gradient. Images are row-major (C, H, W) arrays; padding reads as zeros.
 * <pre>double[] cols = Im2col.unfold(image, g);   // (C·k·k, OH·OW): column n is the patch under output pixel n</pre>
 *
 * @param channels C, height H, width W of the image; kernel k, stride s, padding p
 */
public record Im2col(int channels, int height, int width, int kernel, int stride, int padding) {

    public Im2col {
        Shapes.require(kernel >= 1, "kernel", kernel, ">= 1");
        Shapes.require(stride >= 1, "stride", stride, ">= 1");
        Shapes.require(padding >= 0, "padding", padding, ">= 0");
        if (height + 2 * padding < kernel || width + 2 * padding < kernel) {
            throw new ShapeMismatchException("a " + kernel + "×" + kernel + " kernel does not fit a " + height + "×" + width
                    + " image with padding " + padding);
        }
    }

    /** OH = (H + 2p − k) / s + 1. */
    public int outHeight() {
        return (height + 2 * padding - kernel) / stride + 1;
    }

    /** OW = (W + 2p − k) / s + 1. */
    public int outWidth() {
        return (width + 2 * padding - kernel) / stride + 1;
    }

    /** Rows of the unfolded matrix: C·k·k. */
    public int patchSize() {
        return channels * kernel * kernel;
    }

    // image (C, H, W) -> cols (C·k·k, OH·OW); row (c, i, j) holds x[c, oh·s − p + i, ow·s − p + j] for every output pixel
    public double[] unfold(double[] image, int offset) {
        int oh = outHeight(), ow = outWidth(), n = oh * ow;
        double[] cols = new double[patchSize() * n];
        int row = 0;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < kernel; i++) {
                for (int j = 0; j < kernel; j++, row++) {
                    for (int y = 0; y < oh; y++) {
                        for (int x = 0; x < ow; x++) {
                            int h = y * stride - padding + i, w = x * stride - padding + j;
                            boolean inside = h >= 0 && h < height && w >= 0 && w < width;
                            cols[row * n + y * ow + x] = inside ? image[offset + (c * height + h) * width + w] : 0;
                        }
                    }
                }
            }
        }
        return cols;
    }

    // cols (C·k·k, OH·OW) -> image (C, H, W) += each entry added back where unfold took it from
    public void fold(double[] cols, double[] image, int offset) {
        int oh = outHeight(), ow = outWidth(), n = oh * ow;
        int row = 0;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < kernel; i++) {
                for (int j = 0; j < kernel; j++, row++) {
                    for (int y = 0; y < oh; y++) {
                        for (int x = 0; x < ow; x++) {
                            int h = y * stride - padding + i, w = x * stride - padding + j;
                            if (h >= 0 && h < height && w >= 0 && w < width) image[offset + (c * height + h) * width + w] += cols[row * n + y * ow + x];
                        }
                    }
                }
            }
        }
    }
}
