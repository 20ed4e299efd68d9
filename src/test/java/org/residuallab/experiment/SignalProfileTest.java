package org.residuallab.experiment;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.BlockStack;
import org.residuallab.nn.Blocks;
import org.residuallab.nn.Dense;
import org.residuallab.nn.Init;
import org.residuallab.nn.Loss;
import org.residuallab.nn.Model;
import org.residuallab.nn.Param;
import org.residuallab.nn.Sequential;
import tech.tablesaw.api.Table;

class SignalProfileTest {
    static final INDArray X = gaussian(128, 8, 3);
    static final INDArray Y = Loss.oneHot(labels(128, 3), 3, DataType.FLOAT);

    static Model relu(int depth, int width, String name) {
        return BlockStack.of(depth, i -> Blocks.mlp(BlockKind.RESIDUAL, width, "relu", Init.he(), 1, false)).inputs(8).outputs(3).seed(1).name(name).build();
    }

    @Test
    void identityBlocksChangeNothingAndPassTheGradientUnchanged() {
        Model rezero = BlockStack.of(6, i -> Blocks.mlp(BlockKind.RESIDUAL, 16, "relu", Init.he(), 1, false)).learnableBranchScale(0)
                .inputs(8).outputs(3).seed(1).name("rezero").build();
        SignalProfile p = SignalProfile.of(X, Y, rezero);
        assertEquals(0.0, p.maxChange("rezero"));
        assertEquals(1.0, p.firstOverLast("rezero", SignalProfile.BACKPROP), 1e-6);
        assertEquals(1.0, p.lastOverFirst("rezero", SignalProfile.ACTIVATION_STD), 1e-6);
        assertTrue(Double.isNaN(p.values("rezero", SignalProfile.CHANGE)[0]));
    }

    @Test
    void reluResidualStackDoublesTheVarianceAtEveryBlock() {
        int depth = 12;
        SignalProfile p = SignalProfile.of(X, Y, relu(depth, 64, "alpha1"));
        double growth = p.lastOverFirst("alpha1", SignalProfile.ACTIVATION_STD);
        assertTrue(growth > 0.3 * Math.pow(2, depth / 2.0) && growth < 3 * Math.pow(2, depth / 2.0), "growth " + growth);
        assertTrue(p.firstOverLast("alpha1", SignalProfile.BACKPROP) > 10, "the gradient grows toward the input too");
    }

    @Test
    void measuresWithoutCountingAStepAndLeavesNoGradients() {
        Model m = relu(3, 8, "m");
        long steps = m.steps();
        m.eval();
        SignalProfile p = SignalProfile.of(X, Y, m);
        assertEquals(steps, m.steps());
        assertFalse(m.net().isTraining(), "the model's mode is restored");
        for (Param q : m.params()) if (q.trainable()) assertEquals(0.0, q.grad().amaxNumber().doubleValue(), q.path());
        double[] grad = p.values("m", SignalProfile.BACKPROP);
        assertEquals(4, grad.length);
        for (double g : grad) assertTrue(g > 0 && Double.isFinite(g));
    }

    @Test
    void tableIsTidyAndLeavesOutUndefinedValues() {
        SignalProfile p = SignalProfile.of(X, Y, relu(2, 8, "a"), relu(3, 8, "b"));
        Table t = p.table();
        assertEquals(java.util.List.of("model", "metric", "layer_index", "layer", "value"), t.columnNames());
        assertEquals((3 + 3 + 2) + (4 + 4 + 3), t.rowCount());
        assertEquals("input", t.stringColumn("layer").get(0));
        assertEquals(java.util.List.of("a", "b"), p.models());
    }

    @Test
    void badInputIsNamed() {
        Model noStem = Model.of("nostem", Sequential.of(Blocks.preActivation(8, Init.he()), new Dense(8, 3)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SignalProfile.of(X, Y, noStem));
        assertTrue(e.getMessage().contains("stem"), e.getMessage());
        SignalProfile p = SignalProfile.of(X, Y, relu(2, 8, "a"));
        e = assertThrows(IllegalArgumentException.class, () -> p.values("zzz", SignalProfile.BACKPROP));
        assertTrue(e.getMessage().contains("zzz"));
        e = assertThrows(IllegalArgumentException.class, () -> p.values("a", "nope"));
        assertTrue(e.getMessage().contains("nope"));
        assertThrows(IllegalArgumentException.class, () -> SignalProfile.of(X, Y, relu(2, 8, "x"), relu(2, 8, "x")));
    }

    @Test
    void gaussianBatchIsSeededAndLabelledByATeacher() {
        org.residuallab.data.Dataset a = SignalProfile.gaussianBatch(200, 6, 3, 4), b = SignalProfile.gaussianBatch(200, 6, 3, 4);
        assertEquals(a.features(), b.features());
        assertArrayEquals(a.labels(), b.labels());
        assertEquals(6, a.width());
        for (int c : a.classCounts()) assertTrue(c > 20, "every class is used");
        assertEquals(1.0, a.features().stdNumber().doubleValue(), 0.1);
    }

    static INDArray gaussian(int rows, int cols, long seed) {
        Random rng = new Random(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = rng.nextGaussian();
        return Nd4j.create(v, new long[] {rows, cols}, DataType.FLOAT);
    }

    static int[] labels(int n, int classes) {
        int[] l = new int[n];
        for (int i = 0; i < n; i++) l[i] = (i * 7) % classes;
        return l;
    }
}
