package org.residuallab.check;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every hand-written backward pass of the library agrees with float64 finite differences to 1e-6. */
class GradCheckSuiteTest {

    static Stream<GradCheckSuite.Item> layers() { return GradCheckSuite.layers().stream(); }

    static Stream<GradCheckSuite.Item> blocks() { return GradCheckSuite.blocks().stream(); }

    static Stream<GradCheckSuite.Item> losses() { return GradCheckSuite.losses().stream(); }

    static Stream<GradCheckSuite.Item> convolutions() { return GradCheckSuite.convolutions().stream(); }

    static Stream<GradCheckSuite.Item> models() { return GradCheckSuite.models().stream(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void everyLayerBackwardMatchesFiniteDifferences(GradCheckSuite.Item item) {
        assertPasses(item);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocks")
    void everyBlockVariantBackwardMatchesFiniteDifferences(GradCheckSuite.Item item) {
        assertPasses(item);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("convolutions")
    void everyConvolutionalLayerAndBlockBackwardMatchesFiniteDifferences(GradCheckSuite.Item item) {
        assertPasses(item);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void everyLossGradientMatchesFiniteDifferences(GradCheckSuite.Item item) {
        assertPasses(item);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void wholeModelsBackwardMatchesFiniteDifferences(GradCheckSuite.Item item) {
        assertPasses(item);
    }

    @Test
    void suiteCoversEveryLayerKindAndBlockVariant() {
        String layerNames = GradCheckSuite.layers().stream().map(GradCheckSuite.Item::name).collect(Collectors.joining("|"));
        for (String kind : List.of("Dense", "ReLU", "LeakyReLU", "Tanh", "Sigmoid", "GELU", "Identity", "BatchNorm (train)",
                "BatchNorm (eval)", "LayerNorm", "Dropout(0.3) (train", "Dropout(0.3) (eval)", "Sequential")) {
            assertTrue(layerNames.contains(kind), "no gradient check for " + kind + " in " + layerNames);
        }
        String blockNames = GradCheckSuite.blocks().stream().map(GradCheckSuite.Item::name).collect(Collectors.joining("|"));
        for (String variant : List.of("residual post-activation", "plain post-activation", "residual pre-activation",
                "plain pre-activation", "projection shortcut 3->5", "projection shortcut + BN", "fixed alpha", "learnable alpha",
                "lambda = 0.5", "post ReLU", "bypassed")) {
            assertTrue(blockNames.contains(variant), "no gradient check for block variant " + variant);
        }
        assertTrue(GradCheckSuite.losses().size() >= 2);
    }

    private static void assertPasses(GradCheckSuite.Item item) {
        GradReport r = item.run();
        assertTrue(r.passed(), () -> "gradient check failed:\n" + r);
        for (GradResult g : r.results()) {
            assertTrue(g.skipped() == 0, () -> g.quantity() + ": entries skipped at a ReLU kink; choose another seed\n" + r);
            assertTrue(g.maxRelError() < 1e-6, () -> r.toString());
        }
    }
}
