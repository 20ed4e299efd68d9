package org.residuallab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.residuallab.nn.TestData.gaussian;
import static org.residuallab.nn.TestData.paramCount;
import static org.residuallab.nn.TestData.values;

import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.residuallab.check.GradCheckSuite;

/** The identities students are taught about residual blocks, checked on random non-zero weights in float64. */
class ResidualIdentitiesTest {

    static Stream<Arguments> residualBlocks() {
        return Stream.of(
                Arguments.of("post-activation (Keras)", (Supplier<ResidualBlock>) () -> Blocks.postActivation(6, Init.he())),
                Arguments.of("pre-activation", (Supplier<ResidualBlock>) () -> Blocks.preActivation(6, Init.he())),
                Arguments.of("mlp tanh", (Supplier<ResidualBlock>) () -> (ResidualBlock) Blocks.mlp(BlockKind.RESIDUAL, 6, "tanh", Init.he(), 2, false)),
                Arguments.of("projection + BN 6->4", (Supplier<ResidualBlock>) () -> ResidualBlock.of(new Dense(6, 4), new ReLU(), new Dense(4, 4)).projection(true)),
                Arguments.of("lambda 0.5, learnable alpha", (Supplier<ResidualBlock>) () -> ((ResidualBlock) Blocks.mlp(BlockKind.RESIDUAL, 6, "gelu", Init.he(), 1, false))
                        .shortcutScale(0.5).learnableBranchScale(0.7)));
    }

    private static <T extends Layer> T prepared(T block) {
        block.castTo(DataType.DOUBLE);
        GradCheckSuite.randomize(block, new Random(3));
        return block;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("residualBlocks")
    void residualBlockInputGradientIsBranchGradientPlusShortcutGradient(String name, Supplier<ResidualBlock> make) {
        ResidualBlock b = prepared(make.get());
        INDArray x = gaussian(1, 5, b.inputWidth());
        INDArray out = b.forward(x);
        INDArray dX = b.backward(gaussian(2, (int) out.rows(), (int) out.columns()));
        INDArray branch = b.body().lastInputGradient(), shortcut = b.shortcut().lastInputGradient();
        assertArrayEquals(values(branch.add(shortcut)), values(dX), 1e-12);
        assertNotEquals(0.0, branch.norm2Number().doubleValue(), "the branch carries gradient too");
    }

    @Test
    void identitySkipPassesTheGradientReachingTheSumUnchanged() {
        ResidualBlock b = prepared(Blocks.postActivation(6, Init.he()));
        INDArray x = gaussian(1, 5, 6);
        b.forward(x);
        INDArray dX = b.backward(gaussian(2, 5, 6));
        INDArray dSum = b.post().lastInputGradient();
        assertArrayEquals(values(dSum), values(dX.sub(b.body().lastInputGradient())), 1e-12);
    }

    @Test
    void plainBlockInputGradientIsTheBranchGradientAlone() {
        PlainBlock b = prepared(Blocks.postActivationPlain(6, Init.he()));
        b.forward(gaussian(1, 5, 6));
        INDArray dX = b.backward(gaussian(2, 5, 6));
        assertArrayEquals(values(b.body().lastInputGradient()), values(dX), 0.0);
    }

    static Stream<Arguments> blocksWithoutPostActivation() {
        return Stream.of(
                Arguments.of("pre-activation, alpha = 0", (Supplier<Block>) () -> Blocks.preActivation(6, Init.he()).branchScale(0)),
                Arguments.of("mlp relu + BN, alpha = 0", (Supplier<Block>) () -> ((ResidualBlock) Blocks.mlp(BlockKind.RESIDUAL, 6, "relu", Init.he(), 2, true)).branchScale(0)),
                Arguments.of("mlp tanh, learnable alpha from 0 (ReZero)", (Supplier<Block>) () -> ((ResidualBlock) Blocks.mlp(BlockKind.RESIDUAL, 6, "tanh", Init.he(), 2, false)).learnableBranchScale(0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocksWithoutPostActivation")
    void residualBlockWithAlphaZeroIsTheIdentityAtInit(String name, Supplier<Block> make) {
        Block b = make.get();
        b.castTo(DataType.DOUBLE);
        b.init(new Random(5)); // random weights; α keeps its initial 0
        INDArray x = gaussian(1, 5, 6);
        assertArrayEquals(values(x), values(b.forward(x)), 0.0);
        INDArray dOut = gaussian(2, 5, 6);
        assertArrayEquals(values(dOut), values(b.backward(dOut)), 0.0, "and the gradient passes unchanged");
    }

    @Test
    void postActivationBlockWithAlphaZeroIsReluOfItsInputNotTheIdentity() {
        ResidualBlock b = Blocks.postActivation(6, Init.he()).branchScale(0);
        b.castTo(DataType.DOUBLE);
        INDArray x = gaussian(1, 5, 6);
        assertArrayEquals(values(Transforms.relu(x, true)), values(b.forward(x)), 0.0);
    }

    @Test
    void zeroInitialisingTheLastLayerOfEachBranchMakesEveryResidualBlockTheIdentity() {
        Model m = Models.mlp(4, 6, "tanh", Init.he(), BlockKind.RESIDUAL).inputs(3).batchNorm(true).dtype(DataType.DOUBLE).seed(2).build();
        Blocks.zeroInitLastLayer(m);
        m.forward(gaussian(1, 5, 3));
        INDArray stem = m.net().get(0).lastOutput();
        for (Block b : m.blocks()) assertArrayEquals(values(stem), values(b.lastOutput()), 0.0, b.path());
    }

    static Stream<Arguments> twins() {
        return Stream.of(
                Arguments.of("post-activation", Blocks.postActivation(8, Init.he()), Blocks.postActivationPlain(8, Init.he())),
                Arguments.of("pre-activation", Blocks.preActivation(8, Init.he()), Blocks.preActivationPlain(8, Init.he())),
                Arguments.of("mlp 3 layers + BN", Blocks.mlp(BlockKind.RESIDUAL, 8, "relu", Init.he(), 3, true), Blocks.mlp(BlockKind.PLAIN, 8, "relu", Init.he(), 3, true)),
                Arguments.of("learnable alpha", ((ResidualBlock) Blocks.mlp(BlockKind.RESIDUAL, 8, "tanh", Init.he(), 1, false)).learnableBranchScale(0),
                        ((PlainBlock) Blocks.mlp(BlockKind.PLAIN, 8, "tanh", Init.he(), 1, false)).learnableBranchScale(0)),
                Arguments.of("mlp model depth 20", Models.mlp(20, 16, "relu", Init.he(), BlockKind.RESIDUAL).inputs(5).build().net(),
                        Models.mlp(20, 16, "relu", Init.he(), BlockKind.PLAIN).inputs(5).build().net()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("twins")
    void plainAndResidualTwinsHaveTheSameParameterCount(String name, Layer residual, Layer plain) {
        assertEquals(paramCount(plain), paramCount(residual));
        assertEquals(plain.params().size(), residual.params().size());
    }

    @Test
    void projectionShortcutAddsExactlyTheProjectionParameters() {
        long plain = paramCount(PlainBlock.of(new Dense(6, 4), new ReLU(), new Dense(4, 4)));
        assertEquals(plain + 6 * 4 + 4, paramCount(ResidualBlock.of(new Dense(6, 4), new ReLU(), new Dense(4, 4))));
        assertEquals(plain + 6 * 4 + 4 + 4 * 4, paramCount(ResidualBlock.of(new Dense(6, 4), new ReLU(), new Dense(4, 4)).projection(true)));
    }
}
