package org.residuallab.experiment;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.BlockStack;
import org.residuallab.nn.Blocks;
import org.residuallab.nn.Init;
import org.residuallab.nn.Model;
import org.residuallab.nn.Param;
import org.residuallab.nn.ResidualBlock;

class PathGradientsTest {
    private static final INDArray X = SignalProfileTest.X.castTo(DataType.DOUBLE), Y = SignalProfileTest.Y.castTo(DataType.DOUBLE);

    private static Model postActivation(int depth, double lambda) {
        return BlockStack.of(depth, i -> Blocks.postActivation(6, Init.he())).shortcutScale(lambda).inputs(8).outputs(3)
                .seed(3).dtype(DataType.DOUBLE).name("post").build();
    }

    @Test
    void theGradientsOfAllPathsAddUpToTheWholeGradient() {
        Model m = postActivation(4, 0.7);
        m.eval();
        INDArray out = m.forward(X);
        m.loss().forward(out, Y);
        m.net().backward(m.loss().backward());
        INDArray whole = m.blocks().get(0).lastInputGradient();
        INDArray top = m.net().children().get(5).lastInputGradient();
        List<ResidualBlock> blocks = PathGradients.residualBlocks(m);
        INDArray sum = whole.mul(0);
        for (int k = 0; k <= 4; k++) for (boolean[] path : PathGradients.allSubsets(4, k)) sum.addi(PathGradients.pathGradient(blocks, path, top));
        assertEquals(0, sum.sub(whole).amaxNumber().doubleValue() / whole.amaxNumber().doubleValue(), 1e-10);
    }

    @Test
    void measuresEveryPathWhenThereAreFewAndScalesTheSkipPathByLambdaToTheDepth() {
        Model m = BlockStack.of(5, i -> Blocks.preActivation(6, Init.he())).shortcutScale(0.5).inputs(8).outputs(3)
                .seed(3).dtype(DataType.DOUBLE).name("pre").build();
        PathGradients.Result r = PathGradients.of(m).data(X, Y).samples(1000).run();
        assertEquals(Math.pow(0.5, 5), r.meanNorm(0) / r.topNorm(), 1e-12);
        assertEquals(r.meanNorm(2) * 10, r.total(2), 1e-15);
        assertEquals(6, r.lengths().length);
        assertEquals(1.0, r.shareUpTo(5), 1e-12);
        assertTrue(r.peakLength() >= 0 && r.peakLength() <= 5);
        assertEquals(2 * 6, r.table().rowCount());
    }

    @Test
    void samplesRandomPathsReproduciblyWhenThereAreMany() {
        Model m = postActivation(6, 1.0);
        PathGradients.Result a = PathGradients.of(m).data(X, Y).samples(5).seed(9).lengths(3).run();
        PathGradients.Result b = PathGradients.of(m).data(X, Y).samples(5).seed(9).lengths(3).run();
        assertEquals(a.meanNorm(3), b.meanNorm(3));
        assertThrows(IllegalArgumentException.class, () -> a.meanNorm(2));
        List<boolean[]> sets = PathGradients.randomSubsets(6, 3, 50, new java.util.Random(1));
        for (boolean[] s : sets) {
            int n = 0;
            for (boolean v : s) if (v) n++;
            assertEquals(3, n);
        }
    }

    @Test
    void leavesTheModelAsItFoundIt() {
        Model m = postActivation(3, 1.0);
        m.train();
        long steps = m.steps();
        PathGradients.of(m).data(X, Y).run();
        assertTrue(m.net().isTraining());
        assertEquals(steps, m.steps());
        for (Param p : m.params()) if (p.trainable()) assertEquals(0.0, p.grad().amaxNumber().doubleValue(), p.path());
    }

    @Test
    void refusesPlainBlocksBypassedBlocksAndBadLengths() {
        Model plain = Models.plain();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PathGradients.of(plain).data(X, Y).run());
        assertTrue(e.getMessage().contains("plain"), e.getMessage());
        Model m = postActivation(3, 1.0);
        assertThrows(IllegalStateException.class, () -> PathGradients.of(m).run());
        e = assertThrows(IllegalArgumentException.class, () -> PathGradients.of(m).data(X, Y).lengths(4).run());
        assertTrue(e.getMessage().contains("[0, 3]"), e.getMessage());
        m.blocks().get(1).setBypassed(true);
        assertThrows(IllegalStateException.class, () -> PathGradients.of(m).data(X, Y).run());
    }

    /** Small plain models for the refusal test. */
    static final class Models {
        static Model plain() {
            return BlockStack.of(2, i -> Blocks.mlp(BlockKind.PLAIN, 6, "relu", Init.he(), 1, false)).inputs(8).outputs(3).build();
        }
    }

    @Test
    void allSubsetsListsEachSetOnce() {
        List<String> seen = new ArrayList<>();
        for (boolean[] s : PathGradients.allSubsets(5, 2)) seen.add(java.util.Arrays.toString(s));
        assertEquals(10, seen.size());
        assertEquals(10, new java.util.HashSet<>(seen).size());
    }
}
