package org.residuallab.experiment;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.data.SequenceTasks;
import org.residuallab.nn.Block;
import org.residuallab.nn.CausalSelfAttention;
import org.residuallab.nn.Layer;
import org.residuallab.nn.LayerNorm;
import org.residuallab.nn.Model;
import org.residuallab.nn.PlainBlock;
import org.residuallab.nn.ResidualBlock;
import org.residuallab.nn.Sequential;

/** The self-attention networks of the rank-collapse experiment: what each option puts where. */
class AttentionStackTest {

    @Test
    void paperSetHasTheThreeNetworksWithAndWithoutSkips() {
        List<String> labels = AttentionStack.paperSet().stream().map(AttentionStack::label).toList();
        assertEquals(List.of("attention, no skip", "attention + MLP, no skip", "attention + LN, no skip",
                "attention, skip", "attention + MLP, skip", "attention + LN, skip"), labels);
    }

    @Test
    void attentionOnlyBlocksHoldOneAttentionAndTheirSkipOrNot() {
        Model plain = AttentionStack.of(false, false, false).build(3, 16, 2, 11, 8);
        Model skip = AttentionStack.of(false, false, true).build(3, 16, 2, 11, 8);
        for (int i = 2; i < 5; i++) {
            assertTrue(plain.net().get(i) instanceof PlainBlock, plain.net().get(i).describe());
            assertTrue(skip.net().get(i) instanceof ResidualBlock, skip.net().get(i).describe());
            Sequential body = ((Block) skip.net().get(i)).body();
            assertEquals(1, body.size());
            assertTrue(body.get(0) instanceof CausalSelfAttention);
        }
        assertEquals("block3", skip.net().get(4).name());
        assertEquals(6, skip.net().size(), "embedding, positions, 3 blocks, head");
    }

    @Test
    void mlpAndLayerNormOptionsAddSubBlocksAndNorms() {
        Model m = AttentionStack.of(true, true, true).build(2, 16, 2, 11, 8);
        Layer block1 = m.net().get(2);
        assertEquals("block1", block1.name());
        assertEquals(List.of("block1/attn", "block1/mlp"), block1.children().stream().map(Layer::path).toList());
        for (Layer sub : block1.children()) {
            Sequential body = ((Block) sub).body();
            assertTrue(body.get(0) instanceof LayerNorm, sub.path() + " starts with a LayerNorm");
        }
        assertEquals("attention + LN + MLP, skip", AttentionStack.of(true, true, true).label());
    }

    @Test
    void everyStackRunsForwardAndBackward() {
        var data = SequenceTasks.copy(4, 4, 1);
        for (AttentionStack s : AttentionStack.paperSet()) {
            Model m = s.build(2, 16, 2, data.classes(), 8);
            double loss = m.lossAndBackward(data.features(), data.targets());
            assertTrue(Double.isFinite(loss), s.label());
            INDArray out = m.forward(data.features());
            assertArrayEquals(new long[] {4, 8, 11}, out.shape());
        }
    }

    @Test
    void aDepthBelowOneIsANamedError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AttentionStack.of(false, false, true).build(0, 16, 2, 11, 8));
        assertTrue(e.getMessage().contains("depth"), e.getMessage());
    }
}
