package org.residuallab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.residuallab.data.Datasets;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;

class GradientsAtInitTest {
    private static GradientsAtInit g;

    private static Model mlp(BlockKind kind) {
        return Models.mlp(20, 32, "sigmoid", Init.glorotUniform(), kind).inputs(2).outputs(3).seed(2).name(kind.label()).build();
    }

    @BeforeAll
    static void measure() {
        g = GradientsAtInit.of(Datasets.spirals(30, 3, 0.1, 1), mlp(BlockKind.PLAIN), mlp(BlockKind.RESIDUAL));
    }

    @Test
    void theGradientFlowingBackVanishesInADeepSigmoidPlainNetAndReachesTheFirstResidualBlock() {
        assertTrue(g.backpropRatio("plain") < 1e-6, "plain " + g.backpropRatio("plain"));
        assertTrue(g.backpropRatio("residual") > 0.3 && g.backpropRatio("residual") < 3, "residual " + g.backpropRatio("residual"));
        assertTrue(g.weightRatio("plain") < 1e-6, "plain " + g.weightRatio("plain"));
        assertTrue(g.weightRatio("residual") > 0.1 && g.weightRatio("residual") < 10, "residual " + g.weightRatio("residual"));
    }

    @Test
    void itShowsAsTheTwoGradientChartsAndARatioTable() {
        View v = g.view();
        assertTrue(v.hasImage());
        assertTrue(v.html().contains("backprop_ratio") && v.html().contains("2 rows × 3 columns"), v.html());
        assertEquals(2 * org.residuallab.viz.Plots.gradientNormByLayer(g.table()).build().getWidth(), g.chart().width());
    }

    @Test
    void unknownModelsAndMetricsAreRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.backpropRatio("deep"));
        assertTrue(e.getMessage().contains("no model named 'deep'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradientsAtInit.of(Datasets.spirals(5, 3, 0.1, 1), mlp(BlockKind.PLAIN), mlp(BlockKind.PLAIN)));
        assertTrue(e.getMessage().contains("two models are named 'plain'"), e.getMessage());
    }
}
