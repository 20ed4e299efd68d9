package org.residuallab.lesson;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.residuallab.data.Dataset;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;

class GradientDecompositionTest {
    private static final Dataset BATCH = AtInit.digitsBatch(32, 1);

    private static Model mlp(BlockKind kind) {
        return Models.mlp(8, 16, "sigmoid", Init.glorotUniform(), kind).inputs(64).outputs(10).seed(2).dtype(DataType.DOUBLE).build();
    }

    @Test
    void inputGradientOfEveryBlockIsTheTopGradientPlusTheBranchesAbove() {
        GradientDecomposition d = GradientDecomposition.of(mlp(BlockKind.RESIDUAL), BATCH.features(), BATCH.targets());
        assertTrue(d.maxDeviation() < 1e-12, "deviation " + d.maxDeviation());
        assertEquals(8, d.total().length);
        for (double v : d.direct()) assertEquals(d.direct()[0], v, 0.0, "the top gradient reaches every block unchanged");
        assertEquals(0, d.direct()[7] - d.total()[7] + 0 * d.branches()[7], 10 * d.branches()[7] + 1e-12, "at the top block only its own branch adds");
        assertEquals(24, d.table().rowCount());
    }

    @Test
    void refusesAPlainModel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradientDecomposition.of(mlp(BlockKind.PLAIN), BATCH.features(), BATCH.targets()));
        assertTrue(e.getMessage().contains("identity skip"), e.getMessage());
    }

    @Test
    void plainInputGradientsShrinkTowardTheInputWithSigmoid() {
        double[] n = GradientDecomposition.inputGradientNorms(mlp(BlockKind.PLAIN), BATCH.features(), BATCH.targets());
        assertTrue(n[0] < n[7] * 1e-3, n[0] + " vs " + n[7]);
    }
}
