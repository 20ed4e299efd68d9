package org.residuallab.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.MemoryGuard;
import org.residuallab.nn.Shapes;

/**
 * Image data sets as (N, C, H, W) features for convolutional nets: the bundled digits as 1×8×8 images,
 * Fashion-MNIST's 28×28 images, any {@link RawImages} (CIFAR-10's binary format, say). Pixels are scaled
 * to [0, 1]; {@link #standardize} then centres each channel on the training split's statistics.
 * <pre>Split s = Images.standardize(Images.fashionMnist(100, 50, 1));   // 100 training, 50 test images per class</pre>
 */
public final class Images {
    private Images() {}

    /** The bundled digits (1797 images) as (N, 1, 8, 8), pixel values 0..16 scaled to [0, 1]. */
    public static Dataset digits() {
        Dataset d = Datasets.digits();
        INDArray x = d.features().reshape('c', d.size(), 1, 8, 8).div(16.0).castTo(DataType.FLOAT);
        return Dataset.classification("digits-images", x, d.labels(), d.classes(), d.classNames()).named("digits-images");
    }

    /** The digits as images, split (stratified, seeded) and standardised per channel on the train split. */
    public static Split digits(double testFraction, long seed) {
        return standardize(digits().split(testFraction, seed));
    }

    /** Images (N, C, H, W) with pixels / 255, and their labels. */
    public static Dataset of(RawImages raw, int classes, List<String> classNames) {
        MemoryGuard.requireData("images '" + raw.name() + "' " + Shapes.str(new long[] {raw.count(), raw.channels(), raw.height(), raw.width()}),
                raw.pixels().length, "Load fewer images");
        float[] v = new float[raw.pixels().length];
        for (int i = 0; i < v.length; i++) v[i] = (raw.pixels()[i] & 0xFF) / 255f;
        INDArray x = Nd4j.create(v, new long[] {raw.count(), raw.channels(), raw.height(), raw.width()}, DataType.FLOAT);
        return Dataset.classification(raw.name(), x, raw.labels(), classes, classNames);
    }

    /**
     * Fashion-MNIST from {@link FashionMnist#folder()}: {@code trainPerClass} training and {@code testPerClass} test
     * images of each of the 10 classes (0 = all), drawn with {@code seed}, pixels in [0, 1].
     */
    public static Split fashionMnist(int trainPerClass, int testPerClass, long seed) {
        return fashionMnist(FashionMnist.folder(), trainPerClass, testPerClass, seed);
    }

    /** As {@link #fashionMnist(int, int, long)}, from the IDX files in {@code folder}. */
    public static Split fashionMnist(Path folder, int trainPerClass, int testPerClass, long seed) {
        Dataset train = of(perClass(FashionMnist.read(folder, true), trainPerClass, seed), 10, FashionMnist.CLASSES).named("fashion-mnist");
        Dataset test = of(perClass(FashionMnist.read(folder, false), testPerClass, seed + 1), 10, FashionMnist.CLASSES).named("fashion-mnist-test");
        return new Split(train, test);
    }

    /** {@code n} images of each class (all when n is 0), chosen at random with {@code seed}, in a shuffled order. */
    public static RawImages perClass(RawImages raw, int n, long seed) {
        Shapes.require(n >= 0, "images per class", n, ">= 0");
        int[] order = new int[raw.count()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Random rng = new Random(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int classes = Arrays.stream(raw.labels()).max().orElse(0) + 1;
        int[] taken = new int[classes];
        List<Integer> keep = new ArrayList<>();
        for (int i : order) {
            if (n == 0 || taken[raw.labels()[i]] < n) {
                taken[raw.labels()[i]]++;
                keep.add(i);
            }
        }
        for (int c = 0; c < classes; c++) {
            if (n > 0 && taken[c] < n) throw new IllegalArgumentException(raw.name() + " has only " + taken[c] + " images of class " + c + ", fewer than the " + n + " asked for");
        }
        int size = raw.imageSize();
        byte[] px = new byte[keep.size() * size];
        int[] labels = new int[keep.size()];
        for (int k = 0; k < keep.size(); k++) {
            int i = keep.get(k);
            System.arraycopy(raw.pixels(), i * size, px, k * size, size);
            labels[k] = raw.labels()[i];
        }
        return new RawImages(raw.name(), keep.size(), raw.channels(), raw.height(), raw.width(), px, labels);
    }

    /**
     * Both parts with every image shrunk by averaging {@code k}×{@code k} blocks of pixels (H and W must be
     * multiples of k): Fashion-MNIST's 28×28 become 14×14 with k = 2, a quarter of the pixels and of the work.
     * <pre>Split small = Images.averagePool(Images.fashionMnist(100, 10, 1), 2);   // (N, 1, 14, 14)</pre>
     */
    public static Split averagePool(Split split, int k) {
        return new Split(averagePool(split.train(), k), split.test() == null ? null : averagePool(split.test(), k));
    }

    /** {@code data}'s images (N, C, H, W) averaged over k×k blocks: (N, C, H/k, W/k). */
    public static Dataset averagePool(Dataset data, int k) {
        INDArray x = data.features();
        Shapes.require(k >= 1, "pooling size k", k, ">= 1");
        if (x.rank() != 4 || x.size(2) % k != 0 || x.size(3) % k != 0) {
            throw new IllegalArgumentException("averagePool(" + k + ") needs images (N, C, H, W) with H and W multiples of " + k + ", but '"
                    + data.name() + "' has examples of shape " + Shapes.str(data.exampleShape()));
        }
        long n = x.size(0), c = x.size(1), h = x.size(2) / k, w = x.size(3) / k;
        INDArray pooled = x.dup('c').reshape('c', n, c, h, k, w, k).mean(3, 5).reshape('c', n, c, h, w);
        return data.withFeatures(pooled.castTo(x.dataType()).dup('c'));
    }

    /** z = (x − mean_c) / std_c per channel, with the train split's statistics applied to both parts. */
    public static Split standardize(Split split) {
        INDArray x = split.train().features();
        if (x.rank() != 4) {
            throw new IllegalArgumentException("standardize works per channel of (N, C, H, W) images, but '" + split.train().name()
                    + "' has examples of shape " + Shapes.str(split.train().exampleShape()) + " (use Standardizer for (N, d))");
        }
        int channels = (int) x.size(1);
        double[] mean = new double[channels], std = new double[channels];
        for (int c = 0; c < channels; c++) {
            INDArray ch = x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(c));
            mean[c] = ch.meanNumber().doubleValue();
            std[c] = Math.max(1e-12, ch.stdNumber().doubleValue());
        }
        return new Split(scale(split.train(), mean, std), scale(split.test(), mean, std));
    }

    private static Dataset scale(Dataset d, double[] mean, double[] std) {
        INDArray x = d.features().dup();
        for (int c = 0; c < mean.length; c++) {
            x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(c)).subi(mean[c]).divi(std[c]);
        }
        return d.withFeatures(x);
    }
}
