package org.residuallab.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.residuallab.nn.Shapes;

/**
 * Seeded synthetic datasets and the bundled digits. The same arguments and seed give the same data
 * on every machine (all randomness comes from one {@link java.util.Random}).
 * <pre>Dataset spirals = Datasets.spirals(100, 3, 0.1, 42);
 * Split digits = Datasets.digits(0.2, 42);   // standardised on the train split</pre>
 */
public final class Datasets {
    private Datasets() {}

    /** k interleaved spiral arms in 2-D (the CS231n toy problem): {@code perClass · classes} points in [-1, 1]². */
    public static Dataset spirals(int perClass, int classes, double noise, long seed) {
        Shapes.require(perClass >= 2, "perClass", perClass, ">= 2");
        Shapes.require(classes >= 2, "classes", classes, ">= 2");
        requireNoise(noise);
        Random rng = new Random(seed);
        int n = perClass * classes;
        double[] x = new double[2 * n];
        int[] y = new int[n];
        for (int c = 0, i = 0; c < classes; c++) {
            for (int j = 0; j < perClass; j++, i++) {
                double r = (double) j / (perClass - 1);
                double t = 2 * Math.PI * c / classes + 4 * r + noise * rng.nextGaussian();
                x[2 * i] = r * Math.sin(t);
                x[2 * i + 1] = r * Math.cos(t);
                y[i] = c;
            }
        }
        return Dataset.classification("spirals-" + classes, matrix(x, n, 2), y, classes);
    }

    /** Two concentric circles (binary): radius 1 is class 0, radius {@code factor} (below 1) is class 1. */
    public static Dataset circles(int n, double noise, double factor, long seed) {
        Shapes.require(n >= 2, "n", n, ">= 2");
        Shapes.require(factor > 0 && factor < 1, "factor (inner radius)", factor, "in (0, 1)");
        requireNoise(noise);
        Random rng = new Random(seed);
        double[] x = new double[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            double radius = y[i] == 0 ? 1.0 : factor;
            double t = 2 * Math.PI * rng.nextDouble();
            x[2 * i] = radius * Math.cos(t) + noise * rng.nextGaussian();
            x[2 * i + 1] = radius * Math.sin(t) + noise * rng.nextGaussian();
        }
        return Dataset.classification("circles", matrix(x, n, 2), y, 2);
    }

    /** XOR: points uniform in [-1, 1]², class 1 where exactly one coordinate is positive. */
    public static Dataset xor(int n, double noise, long seed) {
        return checkerboard(n, 2, noise, seed).named("xor");
    }

    /** A {@code cells × cells} checkerboard on [-1, 1]²; the class alternates between neighbouring cells. */
    public static Dataset checkerboard(int n, int cells, double noise, long seed) {
        Shapes.require(n >= 2, "n", n, ">= 2");
        Shapes.require(cells >= 2, "cells", cells, ">= 2");
        requireNoise(noise);
        Random rng = new Random(seed);
        double[] x = new double[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double a = 2 * rng.nextDouble() - 1, b = 2 * rng.nextDouble() - 1;
            int ca = Math.min(cells - 1, (int) ((a + 1) / 2 * cells)), cb = Math.min(cells - 1, (int) ((b + 1) / 2 * cells));
            y[i] = (ca + cb) % 2;
            x[2 * i] = a + noise * rng.nextGaussian();
            x[2 * i + 1] = b + noise * rng.nextGaussian();
        }
        return Dataset.classification("checkerboard-" + cells, matrix(x, n, 2), y, 2);
    }

    /**
     * Regression on a random teacher network: x ~ N(0, I) (n, inputs), targets = teacher(x) + noise·N(0, 1)
     * (n, outputs), where the teacher has {@code depth} tanh layers of {@code width} with N(0, 1/fanIn) weights.
     */
    public static Dataset teacher(int n, int inputs, int outputs, int width, int depth, double noise, long seed) {
        Shapes.require(n >= 1, "n", n, ">= 1");
        Shapes.require(inputs >= 1, "inputs", inputs, ">= 1");
        Shapes.require(outputs >= 1, "outputs", outputs, ">= 1");
        Shapes.require(width >= 1, "width", width, ">= 1");
        Shapes.require(depth >= 1, "depth", depth, ">= 1");
        requireNoise(noise);
        Random rng = new Random(seed);
        INDArray x = gaussian(rng, n, inputs, 1.0);
        INDArray h = x;
        for (int l = 0; l < depth; l++) {
            h = Transforms.tanh(h.mmul(gaussian(rng, h.columns(), width, 1 / Math.sqrt(h.columns()))), false);
        }
        INDArray y = h.mmul(gaussian(rng, width, outputs, 1 / Math.sqrt(width)));
        if (noise > 0) y.addi(gaussian(rng, n, outputs, noise));
        return Dataset.regression("teacher", x, y);
    }

    /**
     * The bundled digits: 1797 8×8 images (64 pixel values 0..16) of the digits 0-9, unscaled.
     * UCI Optical Recognition of Handwritten Digits, E. Alpaydin and C. Kaynak (1998), CC BY 4.0,
     * as distributed with scikit-learn.
     */
    public static Dataset digits() {
        Dataset d = digits;
        if (d == null) digits = d = loadDigits();
        return d;
    }

    private static volatile Dataset digits; // parsed once; datasets are immutable

    private static Dataset loadDigits() {
        String resource = "digits.csv.gz";
        try (InputStream in = Datasets.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("the bundled resource org/residuallab/data/" + resource + " is missing from the classpath");
            BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.US_ASCII));
            return CsvLoader.classification().hasHeader(false).read(r, resource).named("digits");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled " + resource, e);
        }
    }

    /** The digits split (stratified, seeded) and standardised with statistics of the train split only. */
    public static Split digits(double testFraction, long seed) {
        return Standardizer.apply(digits().split(testFraction, seed));
    }

    private static INDArray gaussian(Random rng, int rows, int cols, double std) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = std * rng.nextGaussian();
        return matrix(v, rows, cols);
    }

    private static INDArray matrix(double[] values, int rows, int cols) {
        return Nd4j.create(values, new long[] {rows, cols}, DataType.FLOAT);
    }

    private static void requireNoise(double noise) {
        Shapes.require(noise >= 0 && Double.isFinite(noise), "noise", noise, ">= 0 and finite");
    }
}
