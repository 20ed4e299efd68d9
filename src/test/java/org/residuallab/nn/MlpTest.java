package org.residuallab.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Models.mlp is a preset of BlockStack that builds, names and seeds exactly the net it always built. */
class MlpTest {

    /** The MLP wired by hand as Mlp built it before it became a BlockStack preset: the reference. */
    private static Model handWired(int inputs, int outputs, int depth, int width, int layers, String act, Init init, BlockKind kind,
                                   boolean bn, double lambda, Double alpha, long seed) {
        Sequential net = new Sequential();
        net.add(new Dense(inputs, width, init));
        for (int i = 0; i < depth; i++) {
            Block b = Blocks.mlp(kind, width, act, init, layers, bn);
            if (b instanceof ResidualBlock) ((ResidualBlock) b).shortcutScale(lambda);
            if (alpha != null) {
                if (b instanceof ResidualBlock) ((ResidualBlock) b).learnableBranchScale(alpha);
                else ((PlainBlock) b).learnableBranchScale(alpha);
            }
            net.add(b);
        }
        Sequential head = Sequential.named("head");
        if (bn) head.add(new BatchNorm(width));
        head.add(Activation.parse(act));
        head.add(new Dense(width, outputs, Init.glorotUniform()));
        net.add(head);
        return Model.of(kind.label() + "-" + act + "-d" + depth, net).seed(seed);
    }

    static Stream<Arguments> recipes() {
        return Stream.of(
                Arguments.of("residual sigmoid", (Supplier<Model>) () -> Models.mlp(4, 8, "sigmoid", Init.glorotUniform(), BlockKind.RESIDUAL).inputs(2).outputs(3).seed(1).build(),
                        handWired(2, 3, 4, 8, 1, "sigmoid", Init.glorotUniform(), BlockKind.RESIDUAL, false, 1, null, 1)),
                Arguments.of("plain tanh, width as inputs", (Supplier<Model>) () -> Models.mlp(3, 6, "tanh", Init.he(), BlockKind.PLAIN).outputs(2).seed(7).build(),
                        handWired(6, 2, 3, 6, 1, "tanh", Init.he(), BlockKind.PLAIN, false, 1, null, 7)),
                Arguments.of("residual relu, BN, two layers, λ = 0.5", (Supplier<Model>) () -> Models.mlp(2, 5, "relu", Init.he(), BlockKind.RESIDUAL)
                                .layersPerBlock(2).batchNorm(true).shortcutScale(0.5).inputs(3).outputs(2).seed(3).build(),
                        handWired(3, 2, 2, 5, 2, "relu", Init.he(), BlockKind.RESIDUAL, true, 0.5, null, 3)),
                Arguments.of("plain with a learnable α", (Supplier<Model>) () -> Models.mlp(2, 4, "tanh", Init.he(), BlockKind.PLAIN)
                                .learnableBranchScale(0.5).shortcutScale(0.5).inputs(2).outputs(2).seed(2).build(),
                        handWired(2, 2, 2, 4, 1, "tanh", Init.he(), BlockKind.PLAIN, false, 1, 0.5, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void buildsTheSameLayersNamesAndWeightsAsTheHandWiredNet(String name, Supplier<Model> preset, Model reference) {
        Model m = preset.get();
        assertEquals(reference.name(), m.name());
        assertEquals(reference.summary().toString(), m.summary().toString());
        List<Param> mine = m.params(), ref = reference.params();
        assertEquals(ref.size(), mine.size());
        for (int i = 0; i < ref.size(); i++) {
            assertEquals(ref.get(i).path(), mine.get(i).path());
            assertEquals(ref.get(i).value(), mine.get(i).value(), ref.get(i).path());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void recordsItsRecipeInTheConfigInTheUsualOrder(String name, Supplier<Model> preset, Model reference) {
        List<String> keys = List.copyOf(preset.get().config().keySet());
        assertEquals(List.of("block", "depth", "width", "activation", "init", "layers_per_block", "batch_norm"), keys.subList(0, 7));
        assertEquals("seed", keys.get(keys.size() - 1));
    }
}
