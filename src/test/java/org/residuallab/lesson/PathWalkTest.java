package org.residuallab.lesson;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.experiment.PathGradients;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.BlockStack;
import org.residuallab.nn.Blocks;
import org.residuallab.nn.Init;
import org.residuallab.nn.Loss;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.nn.ResidualBlock;

class PathWalkTest {
    private static final INDArray X = Tiny.gaussian(32, 8, 1);
    private static final INDArray Y = Loss.oneHot(new Random(2).ints(32, 0, 3).toArray(), 3, DataType.DOUBLE);

    private static Model residual() {
        return Models.mlp(4, 8, "relu", Init.he(), BlockKind.RESIDUAL).batchNorm(true).inputs(8).outputs(3).seed(1)
                .dtype(DataType.DOUBLE).name("residual").build();
    }

    @Test
    void pathsWalkedByHandCarryWhatPathGradientsMeasures() {
        Model m = residual();
        PathWalk walk = PathWalk.of(m, X, Y);
        double skipOnly = walk.top().norm2Number().doubleValue(), oneBranch = 0;
        for (ResidualBlock b : walk.blocks()) oneBranch += b.body().backward(walk.top()).norm2Number().doubleValue();
        oneBranch /= walk.blocks().size();
        PathGradients.Result r = PathGradients.of(m).data(X, Y).run();
        assertEquals(r.meanNorm(0), skipOnly, 1e-12 * skipOnly);
        assertEquals(r.meanNorm(1), oneBranch, 1e-12 * oneBranch);
        assertFalse(m.net().isTraining(), "left in evaluation mode, as the walk needs");
    }

    @Test
    void aPlainNetOrAScaledSkipIsNamed() {
        Model plain = Models.mlp(2, 8, "relu", Init.he(), BlockKind.PLAIN).inputs(8).outputs(3).seed(1).dtype(DataType.DOUBLE).name("p").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PathWalk.of(plain, X, Y));
        assertTrue(e.getMessage().contains("is plain"), e.getMessage());
        Model scaled = BlockStack.of(2, i -> Blocks.preActivation(8, Init.he())).shortcutScale(0.5).inputs(8).outputs(3)
                .seed(1).dtype(DataType.DOUBLE).name("half").build();
        e = assertThrows(IllegalArgumentException.class, () -> PathWalk.of(scaled, X, Y));
        assertTrue(e.getMessage().contains("'half'") && e.getMessage().contains("PathGradients"), e.getMessage());
    }
}
