package org.residuallab.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class BlockStackTest {

    @Test
    void buildsStemBlocksAndHead() {
        Model m = BlockStack.of(5, i -> Blocks.preActivation(8, Init.he())).inputs(3).outputs(4).headActivation("relu", true).seed(2).name("pre").build();
        List<Layer> top = m.net().children();
        assertEquals(7, top.size());
        assertInstanceOf(Dense.class, top.get(0));
        assertEquals(5, m.blocks().size());
        List<Layer> head = top.get(6).children();
        assertInstanceOf(BatchNorm.class, head.get(0));
        assertInstanceOf(ReLU.class, head.get(1));
        assertInstanceOf(Dense.class, head.get(2));
        assertEquals(3, m.inputWidth());
        assertEquals(4, m.outputWidth());
        assertEquals("pre", m.name());
        assertEquals(5, m.config().get("depth"));
        assertEquals("residual", m.config().get("block"));
    }

    @Test
    void appliesBranchAndShortcutScalesToEveryBlock() {
        Model m = BlockStack.of(3, i -> Blocks.mlp(BlockKind.RESIDUAL, 6, "relu", Init.he(), 1, false))
                .branchScale(0.25).shortcutScale(0.5).inputs(2).outputs(2).build();
        for (Block b : m.blocks()) {
            assertEquals(0.25, b.alpha());
            assertFalse(b.alphaLearnable());
            assertEquals(0.5, ((ResidualBlock) b).shortcutScale());
        }
        Model z = BlockStack.of(3, i -> Blocks.mlp(BlockKind.RESIDUAL, 6, "relu", Init.he(), 1, false)).learnableBranchScale(0).inputs(2).outputs(2).build();
        for (Block b : z.blocks()) {
            assertTrue(b.alphaLearnable());
            assertEquals(0.0, b.alpha());
        }
        assertEquals(3, z.params().stream().filter(p -> p.name().equals("alpha")).count());
    }

    @Test
    void followsAWidthChangeThroughToTheHead() {
        Model m = BlockStack.of(3, i -> i == 1
                ? ResidualBlock.of(new Dense(8, 16, Init.he()), new ReLU(), new Dense(16, 16, Init.he())).projection(true)
                : Blocks.preActivation(i == 0 ? 8 : 16, Init.he())).inputs(2).outputs(3).build();
        assertEquals(3, m.outputWidth());
        assertEquals(16, ((Dense) m.net().children().get(4).children().get(0)).weight().value().rows());
    }

    @Test
    void refusesAShortcutScaleOnPlainBlocks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BlockStack.of(2, i -> Blocks.mlp(BlockKind.PLAIN, 4, "relu", Init.he(), 1, false)).shortcutScale(0.5).build());
        assertTrue(e.getMessage().contains("plain"), e.getMessage());
    }

    @Test
    void refusesAFactoryThatReturnsTheSameBlockTwice() {
        Block shared = Blocks.preActivation(4, Init.he());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlockStack.of(2, i -> shared).build());
        assertTrue(e.getMessage().contains("same block twice"), e.getMessage());
    }

    @Test
    void namesTheBlockWhoseWidthDoesNotChain() {
        Exception e = assertThrows(RuntimeException.class,
                () -> BlockStack.of(2, i -> i == 0 ? Blocks.preActivation(4, Init.he()) : Blocks.preActivation(6, Init.he())).build());
        assertTrue(e.getMessage().contains("outputs (B, 4)"), e.getMessage());
    }

    @Test
    void sameSeedGivesTheSameWeights() {
        Model a = BlockStack.of(2, i -> Blocks.postActivation(4, Init.he())).inputs(2).outputs(2).seed(5).build();
        Model b = BlockStack.of(2, i -> Blocks.postActivation(4, Init.he())).inputs(2).outputs(2).seed(5).build();
        for (int i = 0; i < a.params().size(); i++) assertEquals(a.params().get(i).value(), b.params().get(i).value());
    }
}
