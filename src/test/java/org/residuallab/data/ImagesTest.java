package org.residuallab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Image data: IDX and CIFAR files, subsets per class, per-channel standardisation, augmentation. */
class ImagesTest {
    @TempDir Path dir;

    /** An IDX file of unsigned bytes with these dimensions and values. */
    static byte[] idx(int[] dims, byte[] values) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(0x0800 | dims.length);
        for (int x : dims) d.writeInt(x);
        d.write(values);
        return b.toByteArray();
    }

    static void write(Path p, byte[] bytes, boolean gzip) throws IOException {
        try (OutputStream o = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            o.write(bytes);
        }
    }

    /** A tiny Fashion-MNIST-shaped folder: 4 images per class of 3×2 pixels, train and test. */
    Path tinyFashion(boolean gzip) throws IOException {
        for (String set : new String[] {"train", "t10k"}) {
            int n = 40;
            byte[] px = new byte[n * 6], labels = new byte[n];
            for (int i = 0; i < n; i++) {
                labels[i] = (byte) (i % 10);
                for (int j = 0; j < 6; j++) px[i * 6 + j] = (byte) (25 * (i % 10) + j);
            }
            String ext = gzip ? ".gz" : "";
            write(dir.resolve(set + "-images-idx3-ubyte" + ext), idx(new int[] {n, 3, 2}, px), gzip);
            write(dir.resolve(set + "-labels-idx1-ubyte" + ext), idx(new int[] {n}, labels), gzip);
        }
        return dir;
    }

    @Test
    void fashionMnistFilesReadAsImagesWithTheirLabelsGzippedOrNot() throws IOException {
        for (boolean gzip : new boolean[] {true, false}) {
            Path folder = tinyFashion(gzip);
            RawImages raw = FashionMnist.read(folder, true);
            assertEquals(40, raw.count());
            assertEquals(3, raw.height());
            assertEquals(25 * 7 + 5, raw.pixel(7, 5));
            Split s = Images.fashionMnist(folder, 2, 1, 5);
            assertEquals(20, s.train().size());
            assertEquals(10, s.test().size());
            assertArrayEquals(new long[] {1, 3, 2}, s.train().exampleShape());
            assertArrayEquals(new int[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, s.train().classCounts());
            for (Path p : Files.list(dir).toList()) Files.delete(p);
        }
    }

    @Test
    void averagePoolingMeansEachBlockOfPixelsAndRefusesSizesItDoesNotDivide() {
        INDArray x = Nd4j.arange(2 * 4 * 6).reshape('c', 2, 1, 4, 6).castTo(DataType.FLOAT);
        Dataset d = Dataset.classification("toy", x, new int[] {0, 1}, 2, null);
        Split pooled = Images.averagePool(new Split(d, d), 2);
        assertArrayEquals(new long[] {1, 2, 3}, pooled.train().exampleShape());
        assertEquals((0 + 1 + 6 + 7) / 4.0, pooled.train().features().getDouble(0, 0, 0, 0), 1e-6);
        assertEquals((16 + 17 + 22 + 23) / 4.0, pooled.test().features().getDouble(0, 0, 1, 2), 1e-6);
        assertEquals(DataType.FLOAT, pooled.train().features().dataType());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Images.averagePool(d, 4));
        assertTrue(e.getMessage().contains("multiples of 4") && e.getMessage().contains("(1, 4, 6)"), e.getMessage());
    }

    @Test
    void choosingImagesPerClassIsSeededAndRefusesTooMany() {
        byte[] px = new byte[30];
        int[] labels = new int[30];
        for (int i = 0; i < 30; i++) {
            px[i] = (byte) i;
            labels[i] = i % 3;
        }
        RawImages raw = new RawImages("r", 30, 1, 1, 1, px, labels);
        RawImages a = Images.perClass(raw, 4, 9), b = Images.perClass(raw, 4, 9), c = Images.perClass(raw, 4, 10);
        assertArrayEquals(a.pixels(), b.pixels());
        assertTrue(!java.util.Arrays.equals(a.pixels(), c.pixels()), "another seed, other images");
        assertEquals(12, a.count());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Images.perClass(raw, 11, 1));
        assertTrue(e.getMessage().contains("only 10 images of class"), e.getMessage());
    }

    @Test
    void missingFashionMnistSaysWhereToGetIt() {
        DataFileException e = assertThrows(DataFileException.class, () -> FashionMnist.read(dir.resolve("nowhere"), true));
        assertTrue(e.getMessage().contains("dataset-fashion-mnist") && e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
    }

    @Test
    void idxFilesThatLieAboutTheirSizeAreRefusedBeforeAllocating() throws IOException {
        Path huge = dir.resolve("huge-idx3-ubyte");
        write(huge, idx(new int[] {60000, 60000, 60000}, new byte[10]), false);
        assertTrue(assertThrows(DataFileException.class, () -> IdxFile.read(huge)).getMessage().contains("declares more than"));
        Path truncated = dir.resolve("short-idx1-ubyte.gz");
        write(truncated, idx(new int[] {100}, new byte[40]), true);
        assertTrue(assertThrows(DataFileException.class, () -> IdxFile.read(truncated)).getMessage().contains("ends early"));
        Path wrong = dir.resolve("wrong-idx1-ubyte");
        Files.write(wrong, new byte[] {1, 2, 3, 4, 0, 0, 0, 1, 7});
        assertTrue(assertThrows(DataFileException.class, () -> IdxFile.read(wrong)).getMessage().contains("magic number"));
        Path notGzip = dir.resolve("garbage.gz");
        Files.write(notGzip, new byte[] {9, 9, 9, 9, 9, 9});
        DataFileException e = assertThrows(DataFileException.class, () -> IdxFile.read(notGzip));
        assertTrue(e.getMessage().startsWith(notGzip.toString()), e.getMessage());
    }

    @Test
    void cifarBinaryRecordsBecomeThreeChannelImages() throws IOException {
        byte[] file = new byte[3 * CifarBinary.RECORD];
        for (int r = 0; r < 3; r++) {
            file[r * CifarBinary.RECORD] = (byte) (r + 4);
            file[r * CifarBinary.RECORD + 1 + 1024] = (byte) 200; // the first green pixel
        }
        Path p = dir.resolve("data_batch_1.bin");
        Files.write(p, file);
        RawImages raw = CifarBinary.read(p);
        assertArrayEquals(new int[] {4, 5, 6}, raw.labels());
        Dataset d = Images.of(raw, 10, null);
        assertArrayEquals(new long[] {3, 32, 32}, d.exampleShape());
        assertEquals(200 / 255.0, d.features().getDouble(2, 1, 0, 0), 1e-6);
        Files.write(p, new byte[CifarBinary.RECORD + 5]);
        assertTrue(assertThrows(DataFileException.class, () -> CifarBinary.read(p)).getMessage().contains("whole number"));
        file[0] = (byte) 12;
        Files.write(p, file);
        assertTrue(assertThrows(DataFileException.class, () -> CifarBinary.read(p)).getMessage().contains("label 12"));
    }

    @Test
    void standardisingImagesCentresEachChannelOnTheTrainSplit() {
        Split s = Images.digits(0.2, 1);
        INDArray x = s.train().features();
        assertArrayEquals(new long[] {1, 8, 8}, s.train().exampleShape());
        assertEquals(0, x.meanNumber().doubleValue(), 1e-5);
        assertEquals(1, x.stdNumber().doubleValue(), 1e-3);
        assertEquals(1797, s.train().size() + s.test().size());
    }

    @Test
    void padCropFlipMovesEachImageByAtMostThePaddingOrMirrorsIt() {
        INDArray x = Nd4j.arange(2 * 1 * 4 * 4).reshape(2, 1, 4, 4).castTo(DataType.FLOAT);
        INDArray same = Augmentation.padCropFlip(0).apply(x, new Random(1));
        for (int b = 0; b < 2; b++) {
            INDArray img = x.get(NDArrayIndex.point(b)), out = same.get(NDArrayIndex.point(b));
            INDArray flipped = img.dup();
            for (int y = 0; y < 4; y++) for (int c = 0; c < 4; c++) flipped.putScalar(new long[] {0, y, c}, img.getDouble(0, y, 3 - c));
            boolean mirrored = out.equals(flipped);
            assertTrue(out.equals(img) || mirrored, "with no padding an image stays or is mirrored");
        }
        INDArray moved = Augmentation.padCropFlip(2).apply(x, new Random(3));
        assertArrayEquals(x.shape(), moved.shape());
        assertTrue(moved.sumNumber().doubleValue() <= x.sumNumber().doubleValue() + 1e-6, "cropping only drops pixels or pads zeros");
    }

    @Test
    void theRealFashionMnistHasSixtyThousandTrainingImagesWhenInstalled() {
        Assumptions.assumeTrue(FashionMnist.available(FashionMnist.folder()), "Fashion-MNIST is not installed here (apt-get install dataset-fashion-mnist)");
        Split s = Images.fashionMnist(20, 10, 1);
        assertEquals(200, s.train().size());
        assertEquals(100, s.test().size());
        assertArrayEquals(new long[] {1, 28, 28}, s.train().exampleShape());
        assertEquals(10, s.train().classes());
        assertEquals("Ankle boot", s.train().classNames().get(9));
    }
}
