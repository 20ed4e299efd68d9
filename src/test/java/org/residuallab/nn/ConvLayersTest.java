package org.residuallab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.residuallab.nn.TestData.values;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Convolutions, pooling and the ResNet presets. */
class ConvLayersTest {

    static INDArray images(long seed, DataType type, long... shape) {
        Random r = new Random(seed);
        double[] v = new double[(int) Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian();
        return Nd4j.create(v, shape, type);
    }

    static Stream<Arguments> convolutions() {
        return Stream.of(Arguments.of(3, 1, 1, true), Arguments.of(3, 2, 1, false), Arguments.of(1, 2, 0, false),
                Arguments.of(1, 1, 0, true), Arguments.of(5, 2, 2, true), Arguments.of(2, 1, 0, false));
    }

    @ParameterizedTest(name = "k {0}, stride {1}, padding {2}, bias {3}")
    @MethodSource("convolutions")
    void oneDnnConvolutionAgreesWithTheIm2colReading(int k, int stride, int padding, boolean bias) {
        Conv2d fast = new Conv2d(3, 5, k, stride, padding, bias), reference = new Conv2d(3, 5, k, stride, padding, bias);
        fast.init(new Random(1));
        if (bias) fast.bias().value().assign(images(2, DataType.FLOAT, 1, 5));
        for (int i = 0; i < fast.params().size(); i++) reference.params().get(i).set(fast.params().get(i).value());
        reference.castTo(DataType.DOUBLE);
        INDArray x = images(3, DataType.FLOAT, 4, 3, 9, 8);
        INDArray y = fast.forward(x), yRef = reference.forward(x.castTo(DataType.DOUBLE));
        assertClose(yRef, y, "forward");
        INDArray dOut = images(4, DataType.FLOAT, y.shape());
        INDArray dX = fast.backward(dOut), dXRef = reference.backward(dOut.castTo(DataType.DOUBLE));
        assertClose(dXRef, dX, "dX");
        for (int i = 0; i < fast.params().size(); i++) assertClose(reference.params().get(i).grad(), fast.params().get(i).grad(), fast.params().get(i).path());
    }

    @Test
    void filtersGradientReadsTheInputOfTheLastForwardInTrainingOrEvaluation() { // the fast path keeps a copy of x in training
        Conv2d c = new Conv2d(8, 8, 3, 1, 1, false), fresh = new Conv2d(8, 8, 3, 1, 1, false);
        fresh.weight().set(c.weight().value());
        INDArray x1 = images(1, DataType.FLOAT, 2, 8, 6, 6), x2 = images(2, DataType.FLOAT, 2, 8, 6, 6), dOut = images(3, DataType.FLOAT, 2, 8, 6, 6);
        c.forward(x1);                 // training: keeps x1
        c.setTraining(false);
        fresh.setTraining(false);
        c.forward(x2);                 // evaluation of another batch of the same shape
        fresh.forward(x2);
        c.backward(dOut);
        fresh.backward(dOut);
        assertClose(fresh.weight().grad(), c.weight().grad(), "dW after an evaluation's forward");
    }

    @Test
    void convolutionGradientsAddUpOverTwoBackwardPasses() {
        Conv2d c = new Conv2d(2, 3, 3);
        INDArray x = images(1, DataType.FLOAT, 2, 2, 5, 5), dOut = images(2, DataType.FLOAT, 2, 3, 5, 5);
        c.forward(x);
        c.backward(dOut);
        INDArray once = c.weight().grad().dup();
        c.backward(dOut);
        assertArrayEquals(values(once.mul(2)), values(c.weight().grad()), 1e-5);
    }

    @ParameterizedTest(name = "{0}×{1} kernel {2}, stride {3}, padding {4} -> {5}×{6}")
    @CsvSource({"28, 28, 3, 1, 1, 28, 28", "28, 28, 3, 2, 1, 14, 14", "7, 7, 3, 2, 1, 4, 4", "224, 224, 7, 2, 3, 112, 112", "32, 30, 1, 2, 0, 16, 15"})
    void convolutionOutputShapesFollowTheFormula(int h, int w, int k, int s, int p, int oh, int ow) {
        Conv2d c = new Conv2d(2, 4, k, s, p, false);
        assertArrayEquals(new long[] {4, oh, ow}, c.outputShape(new long[] {2, h, w}));
        assertArrayEquals(new long[] {1, 4, oh, ow}, c.forward(Nd4j.zeros(DataType.FLOAT, 1, 2, h, w)).shape());
    }

    @Test
    void anImageWithTheWrongChannelsNamesTheLayerAndBothShapes() {
        Model m = Models.resnet(1).width(4).inputs(3, 8, 8).build();
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> m.forward(Nd4j.zeros(DataType.FLOAT, 2, 1, 8, 8)));
        assertTrue(e.getMessage().contains("Conv2d 'conv2d1'") && e.getMessage().contains("(B, 3, H, W)") && e.getMessage().contains("(2, 1, 8, 8)"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, 3, 0, 1, true));
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, 3, 1, 3, true));
        assertThrows(IllegalArgumentException.class, () -> Models.resnet(1).inputs(3, 8, 0));
    }

    @Test
    void batchNorm2dNormalisesEachChannelOverTheBatchAndThePixels() {
        BatchNorm2d bn = new BatchNorm2d(3);
        INDArray x = images(5, DataType.DOUBLE, 4, 3, 6, 6).muli(3).addi(2);
        bn.castTo(DataType.DOUBLE);
        INDArray y = bn.forward(x);
        for (int c = 0; c < 3; c++) {
            INDArray ch = y.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(c));
            assertEquals(0, ch.meanNumber().doubleValue(), 1e-9);
            assertEquals(1, ch.var(false).getDouble(0), 1e-4); // ε = 1e-5
        }
        assertThrows(ShapeMismatchException.class, () -> bn.forward(Nd4j.zeros(DataType.DOUBLE, 4, 3)));
    }

    @Test
    void maxPoolSendsTheGradientToTheLargestInputOfEachWindow() {
        INDArray x = Nd4j.create(new double[] {1, 5, 2, 0, 3, 4, 9, 8, 7, 6, 0, 1, 2, 3, 4, 5}, new long[] {1, 1, 4, 4});
        MaxPool2d pool = new MaxPool2d(2, 2, 0);
        assertArrayEquals(new double[] {5, 9, 7, 5}, values(pool.forward(x)), 0);
        INDArray dX = pool.backward(Nd4j.create(new double[] {1, 2, 3, 4}, new long[] {1, 1, 2, 2}));
        assertArrayEquals(new double[] {0, 1, 0, 0, 0, 0, 2, 0, 3, 0, 0, 0, 0, 0, 0, 4}, values(dX), 0);
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void padShortcutKeepsTheSubsampledIdentityAndAddsZeroChannels(DataType t) {
        PadShortcut pad = new PadShortcut(2, 3, 2);
        for (long[] shape : new long[][] {{2, 2, 4, 4}, {1, 2, 8, 4}, {2, 2, 4, 4}}) {   // the second has the first's length
            INDArray x = images(6, t, shape);
            INDArray y = pad.forward(x);
            assertArrayEquals(new long[] {shape[0], 3, shape[2] / 2, 2}, y.shape());
            assertEquals(x.getDouble(0, 1, 2, 2), y.getDouble(0, 1, 1, 1), 0);
            assertEquals(0, y.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(2)).norm1Number().doubleValue(), 0);
            INDArray dX = pad.backward(y);   // the kept pixels get their values back, the skipped ones 0
            assertEquals(x.getDouble(0, 1, 2, 2), dX.getDouble(0, 1, 2, 2), 0);
            assertEquals(0, dX.getDouble(0, 1, 1, 1), 0);
        }
    }

    @ParameterizedTest(name = "ResNet-{0}: {1} trainable parameters")
    @CsvSource({"18, 11689512", "34, 21797672", "50, 25557032", "101, 44549160", "152, 60192808"})
    void imagenetResnetsHaveTorchvisionsParameterCounts(int depth, long trainable) {
        Model m = Param.shapesOnly(() -> ResNet.imagenet(depth, BlockKind.RESIDUAL).build());
        assertEquals(trainable, m.summary().trainableParams());
        assertTrue(m.summary().nonTrainableParams() > 0, "BatchNorm's running statistics count as non-trainable");
        assertArrayEquals(new long[] {1000}, m.outputShape());
    }

    @ParameterizedTest(name = "n = {0}: depth {1}")
    @CsvSource({"1, 8", "3, 20", "9, 56"})
    void cifarResnetsHaveDepthSixNPlusTwoAndTheirPlainTwinsTheSameParameters(int n, int depth) {
        Model r = Models.resnet(n).width(4).inputs(1, 8, 8).build(), p = Models.plainConvNet(n).width(4).inputs(1, 8, 8).build();
        assertEquals(depth, r.config().get("depth"));
        assertEquals("resnet" + depth, r.name());
        assertEquals(3 * n, r.blocks().size());
        long convs = r.leaves().stream().filter(l -> l instanceof Conv2d).count() + r.leaves().stream().filter(l -> l instanceof Dense).count();
        assertEquals(depth, convs, "weighted layers");
        assertEquals(r.summary().totalParams(), p.summary().totalParams());
        assertArrayEquals(new long[] {2, 10}, r.forward(Nd4j.zeros(DataType.FLOAT, 2, 1, 8, 8)).shape());
        assertThrows(IllegalArgumentException.class, () -> ResNet.cifar(21, BlockKind.RESIDUAL));
    }

    @Test
    void aCifarResnetTrainsOnAFewImages() {
        Model m = Models.resnet(1).width(4).inputs(1, 8, 8).classes(2).seed(1).build();
        INDArray x = images(7, DataType.FLOAT, 8, 1, 8, 8);
        for (int i = 0; i < 4; i++) x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).addi(2);
        INDArray y = Loss.oneHot(new int[] {1, 1, 1, 1, 0, 0, 0, 0}, 2, DataType.FLOAT);
        Optimizer opt = Optimizer.sgd(0.1);
        double first = m.lossAndBackward(x, y), last = first;
        for (int i = 0; i < 30; i++) {
            opt.step(m.params());
            last = m.lossAndBackward(x, y);
        }
        assertTrue(last < first / 4, "loss " + first + " -> " + last);
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        double[] e = values(expected), a = values(actual);
        double scale = 0;
        for (double v : e) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-4 * Math.max(1, scale), what + " at " + i);
        }
    }
}
