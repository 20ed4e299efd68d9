package org.residuallab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.Loss;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.nn.Param;
import org.residuallab.nn.ShapeMismatchException;

/** Export of parameters, gradients, batch and loss as .npy, and loading parameters back. */
class ModelIOTest {
    @TempDir
    Path dir;

    private static INDArray batch(long seed, int rows, int cols) {
        Random r = new Random(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian();
        return Nd4j.create(v, new long[] {rows, cols}, DataType.FLOAT);
    }

    private static final INDArray Y = Loss.oneHot(new int[] {3, 1, 4, 1, 5, 9}, 10, DataType.FLOAT);

    @Test
    void exportWritesOneFilePerParameterAndGradientNamedByItsPath() throws IOException {
        Model m = Models.seed();
        INDArray x = batch(1, 6, 128);
        double loss = ModelIO.exportNpy(m, x, Y, dir);
        for (String name : List.of("block1.body.dense1.W", "block1.body.dense1.b", "block1.body.batchnorm1.gamma",
                "block1.body.batchnorm1.beta", "block1.body.batchnorm1.moving_mean", "block1.body.batchnorm1.moving_variance",
                "block1.body.dense2.W", "block1.body.batchnorm2.gamma", "dense1.W", "dense1.b")) {
            assertTrue(Files.isRegularFile(dir.resolve(name + ".npy")), name);
        }
        assertTrue(Files.isRegularFile(dir.resolve("grad.block1.body.dense1.W.npy")));
        assertTrue(Files.notExists(dir.resolve("grad.block1.body.batchnorm1.moving_mean.npy")), "running statistics have no gradient");
        for (String f : List.of("input.npy", "target.npy", "output.npy", "loss.npy", "manifest.json")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        assertEquals(loss, Npy.read(dir.resolve("loss.npy")).getDouble(0), 0);
        assertEquals(x, Npy.read(dir.resolve("input.npy")));
        assertEquals(m.predict(x).rows(), Npy.read(dir.resolve("output.npy")).rows());
        for (Param p : m.params()) {
            assertEquals(p.value(), Npy.read(dir.resolve(ModelIO.fileName(p) + ".npy")), p.path());
            if (p.trainable()) assertEquals(p.grad(), Npy.read(dir.resolve("grad." + ModelIO.fileName(p) + ".npy")), p.path());
        }
        String manifest = Files.readString(dir.resolve("manifest.json"));
        assertTrue(manifest.contains("\"name\": \"block1.body.dense1.W\"") && manifest.contains("\"shape\": [128, 128]"), manifest);
        assertTrue(manifest.contains("\"loss\": \"softmax-cross-entropy\""), manifest);
    }

    @Test
    void exportLeavesParametersAndRunningStatisticsAsTheyWere() {
        Model m = Models.seed();
        List<INDArray> before = m.params().stream().map(p -> p.value().dup()).toList();
        ModelIO.exportNpy(m, batch(1, 6, 128), Y, dir);
        for (int i = 0; i < before.size(); i++) assertEquals(before.get(i), m.params().get(i).value(), m.params().get(i).path());
        assertNotEquals(0.0, m.params().get(0).grad().norm2Number().doubleValue(), "the gradients hold the exported pass");
    }

    @Test
    void loadedParametersReproduceTheExportedModel() {
        Model a = Models.seed().seed(1), b = Models.seed().seed(2);
        INDArray x = batch(3, 6, 128);
        ModelIO.exportNpy(a, x, Y, dir); // also moves nothing: a's running statistics are restored
        assertNotEquals(a.predict(x), b.predict(x));
        ModelIO.loadParams(b, dir);
        for (int i = 0; i < a.params().size(); i++) assertEquals(a.params().get(i).value(), b.params().get(i).value());
        assertEquals(a.predict(x), b.predict(x));
    }

    @Test
    void missingFileOrWrongShapeIsReportedByFileAndShapesAndNothingIsLoaded() throws IOException {
        Model m = Models.seed();
        ModelIO.exportParams(m, dir);
        Files.delete(dir.resolve("dense1.b.npy"));
        Npy.write(Nd4j.zeros(DataType.FLOAT, 128, 64), dir.resolve("block1.body.dense2.W.npy"));
        Npy.write(Nd4j.zeros(DataType.FLOAT, 10, 128), dir.resolve("dense1.W.npy"));
        Model target = Models.seed().seed(5);
        INDArray before = target.params().get(0).value().dup();
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> ModelIO.loadParams(target, dir));
        String msg = e.getMessage();
        assertTrue(msg.contains("missing file") && msg.contains("dense1.b.npy") && msg.contains("(1, 10)"), msg);
        assertTrue(msg.contains("block1.body.dense2.W.npy") && msg.contains("expects shape (128, 128)") && msg.contains("(128, 64)"), msg);
        assertTrue(msg.contains("dense1.W.npy") && msg.contains("transposed"), "a (out, in) PyTorch weight gets a hint: " + msg);
        assertEquals(before, target.params().get(0).value(), "nothing is loaded when a file is wrong");
    }

    @Test
    void oneDimensionalBiasFilesFillRowVectorParameters() {
        Model m = Models.seed();
        ModelIO.exportParams(m, dir);
        Npy.write(Nd4j.createFromArray(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}), dir.resolve("dense1.b.npy"));
        ModelIO.loadParams(m, dir);
        Param b = m.params().stream().filter(p -> p.path().equals("dense1/b")).findFirst().orElseThrow();
        assertArrayEquals(new long[] {1, 10}, b.value().shape());
        assertEquals(10.0, b.value().getDouble(0, 9), 0);
    }

    @Test
    void aConvNetExportsItsLayersWithShapesAndStridesAndLoadsBackWithItsRunningStatisticsUnchanged() throws IOException {
        Model m = org.residuallab.nn.ResNet.cifar(8, org.residuallab.nn.BlockKind.RESIDUAL).width(2).inputs(1, 6, 6).classes(3).seed(2).build();
        INDArray before = m.params().stream().filter(p -> p.name().equals("moving_mean")).findFirst().get().value().dup();
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 1, 6, 6);
        ModelIO.exportNpy(m, x, Loss.oneHot(new int[] {0, 1, 2, 0, 1}, 3, DataType.FLOAT), dir);
        assertEquals(before, m.params().stream().filter(p -> p.name().equals("moving_mean")).findFirst().get().value(),
                "the export's training-mode pass leaves BatchNorm's running statistics as they were");
        String manifest = Files.readString(dir.resolve("manifest.json"));
        assertTrue(manifest.contains("{\"name\": \"block2.body.conv2d1\", \"kind\": \"Conv2d\", \"input\": [2, 6, 6], \"output\": [4, 3, 3], "
                + "\"kernel\": 3, \"stride\": 2, \"padding\": 1, \"bias\": false}"), manifest);
        assertTrue(manifest.contains("{\"name\": \"block2.shortcut\", \"kind\": \"PadShortcut\", \"input\": [2, 6, 6], \"output\": [4, 3, 3]}"), manifest);
        assertArrayEquals(new long[] {5, 1, 6, 6}, Npy.read(dir.resolve("input.npy")).shape());
        Model copy = org.residuallab.nn.ResNet.cifar(8, org.residuallab.nn.BlockKind.RESIDUAL).width(2).inputs(1, 6, 6).classes(3).seed(9).build();
        ModelIO.loadParams(copy, dir);
        assertEquals(m.predict(x), copy.predict(x), "every weight and running statistic came back");
    }
}
