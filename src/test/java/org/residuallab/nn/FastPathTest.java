package org.residuallab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The float32 fast path trains the same network as the float64 path (which runs ND4J's exact operations). */
class FastPathTest {
    static Stream<Arguments> nets() {
        return Stream.of(
                Arguments.of("plain tanh", Models.mlp(3, 16, "tanh", Init.glorotUniform(), BlockKind.PLAIN)),
                Arguments.of("residual relu, 2 layers per block", Models.mlp(3, 16, "relu", Init.he(), BlockKind.RESIDUAL).layersPerBlock(2)),
                Arguments.of("residual sigmoid, shortcut 0.5", Models.mlp(2, 16, "sigmoid", Init.glorotUniform(), BlockKind.RESIDUAL).shortcutScale(0.5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nets")
    void float32GradientsMatchFloat64Gradients(String name, Mlp mlp) {
        Model single = mlp.inputs(12).outputs(5).seed(3).dtype(DataType.FLOAT).build();
        Model dbl = mlp.inputs(12).outputs(5).seed(3).dtype(DataType.DOUBLE).build();
        INDArray x = batch(8, 12, 1), y = Loss.oneHot(new int[] {0, 1, 2, 3, 4, 0, 1, 2}, 5, DataType.DOUBLE);
        double l32 = single.lossAndBackward(x.castTo(DataType.FLOAT), y.castTo(DataType.FLOAT));
        double l64 = dbl.lossAndBackward(x, y);
        assertEquals(l64, l32, 1e-5 * Math.abs(l64), name + " loss");
        List<Param> p32 = single.params(), p64 = dbl.params();
        for (int i = 0; i < p64.size(); i++) {
            if (!p64.get(i).trainable()) continue;
            INDArray g64 = p64.get(i).grad(), g32 = p32.get(i).grad().castTo(DataType.DOUBLE);
            double scale = Math.max(1e-6, g64.norm2Number().doubleValue());
            double err = g64.sub(g32).norm2Number().doubleValue() / scale;
            assertTrue(err < 1e-4, p64.get(i).path() + ": relative difference " + err);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nets")
    void sameSeedTrainsToBitIdenticalLosses(String name, Mlp mlp) {
        assertArrayEquals(train(mlp), train(mlp), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nets")
    void gradientsAccumulateOverBackwardPassesAndReadZeroAfterZeroGrad(String name, Mlp mlp) {
        Model m = mlp.inputs(12).outputs(5).seed(5).build();
        INDArray x = batch(8, 12, 3).castTo(DataType.FLOAT), y = Loss.oneHot(new int[] {0, 1, 2, 3, 4, 0, 1, 2}, 5, DataType.FLOAT);
        m.lossAndBackward(x, y);
        List<INDArray> once = m.params().stream().filter(Param::trainable).map(p -> p.grad().dup()).toList();
        m.loss().forward(m.net().forward(x), y);
        m.net().backward(m.loss().backward()); // a second pass adds to the gradients
        List<Param> ps = m.params().stream().filter(Param::trainable).toList();
        for (int i = 0; i < ps.size(); i++) {
            org.residuallab.nn.fast.BlasTest.assertClose(once.get(i).mul(2), ps.get(i).grad(), 1e-6);
        }
        m.zeroGrad();
        for (Param p : ps) assertEquals(0.0, p.grad().norm1Number().doubleValue(), p.path());
    }

    private static double[] train(Mlp mlp) {
        Model m = mlp.inputs(12).outputs(5).seed(11).dtype(DataType.FLOAT).build();
        Optimizer sgd = Optimizer.sgd(0.05);
        INDArray x = batch(16, 12, 2).castTo(DataType.FLOAT);
        int[] labels = new int[16];
        for (int i = 0; i < labels.length; i++) labels[i] = i % 5;
        INDArray y = Loss.oneHot(labels, 5, DataType.FLOAT);
        double[] losses = new double[15];
        for (int s = 0; s < losses.length; s++) {
            losses[s] = m.lossAndBackward(x, y);
            sgd.step(m.params());
        }
        assertTrue(losses[losses.length - 1] < losses[0], "training lowers the loss");
        return losses;
    }

    private static INDArray batch(int rows, int cols, long seed) {
        Random r = new Random(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian();
        return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE);
    }
}
