package org.residuallab.experiment;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.BlockStack;
import org.residuallab.nn.Blocks;
import org.residuallab.nn.Init;

class DepthSignalTest {

    @Test
    void theSkipPathShrinksByLambdaPerBlockAndNotAtAllWithIdentityShortcuts() {
        DepthSignal.Result r = DepthSignal.over(1, 3, 6).data(SignalProfileTest.X, SignalProfileTest.Y)
                .model("identity", d -> BlockStack.of(d, i -> Blocks.preActivation(8, Init.he())).inputs(8).outputs(3).seed(1).build())
                .model("half", d -> BlockStack.of(d, i -> Blocks.preActivation(8, Init.he())).shortcutScale(0.5).inputs(8).outputs(3).seed(1).build())
                .model("plain", d -> BlockStack.of(d, i -> Blocks.mlp(BlockKind.PLAIN, 8, "relu", Init.he(), 1, false)).inputs(8).outputs(3).seed(1).build())
                .run();
        double[] half = r.values("half", DepthSignal.SKIP_PATH);
        assertEquals(0.5, half[0], 1e-5);
        assertEquals(Math.pow(0.5, 3), half[1], 1e-6);
        assertEquals(Math.pow(0.5, 6), half[2], 1e-7);
        for (double v : r.values("identity", DepthSignal.SKIP_PATH)) assertEquals(1.0, v, 1e-6);
        assertThrows(IllegalArgumentException.class, () -> r.values("plain", DepthSignal.SKIP_PATH), "plain nets have no skip path");
        assertEquals(3, r.values("plain", DepthSignal.GRADIENT).length);
        assertEquals(r.values("half", DepthSignal.ACTIVATIONS)[2], r.value("half", DepthSignal.ACTIVATIONS, 6));
        assertEquals(3 * 3 + 3 * 3 + 3 * 2, r.table().rowCount());
        assertArrayEquals(new double[] {1, 3, 6}, r.depthAxis());
    }

    @Test
    void aRecipeThatBuildsTheWrongDepthIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DepthSignal.over(2).data(SignalProfileTest.X, SignalProfileTest.Y)
                .model("broken", d -> BlockStack.of(d + 1, i -> Blocks.preActivation(8, Init.he())).inputs(8).outputs(3).build()).run());
        assertTrue(e.getMessage().contains("broken") && e.getMessage().contains("3 blocks for depth 2"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> DepthSignal.over(2).run());
        assertThrows(IllegalArgumentException.class, () -> DepthSignal.over(0));
    }

    @Test
    void powersGivesAPredictionCurve() {
        assertArrayEquals(new double[] {3, 1.5, 0.375}, DepthSignal.powers(3, 0.5, new double[] {0, 1, 3}), 1e-15);
    }
}
