package org.residuallab.experiment;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.residuallab.data.Dataset;
import org.residuallab.data.SequenceTasks;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.nn.TransformerBlock.Variant;

/** The residual stream of a transformer along its sub-blocks. */
class StreamProfileTest {
    private static final Dataset BATCH = SequenceTasks.copy(8, 4, 2);

    @Test
    void listsThePositionsThenEachSubBlockInOrder() {
        StreamProfile p = StreamProfile.of(Models.transformer(2, 16, 2, 11, 8, Variant.PRE_LN), BATCH);
        assertEquals(List.of("positions", "block1/attn", "block1/mlp", "block2/attn", "block2/mlp"), p.layers());
        assertEquals(5, p.table().rowCount());
        assertNotNull(p.chart("stream"));
    }

    @Test
    void inPreLnTheStreamAfterASubBlockIsTheStreamBeforePlusWhatItWrote() {
        StreamProfile p = StreamProfile.of(Models.transformer(2, 16, 2, 11, 8, Variant.PRE_LN), BATCH);
        assertTrue(p.writeNorm("block1/mlp") > 0);
        assertTrue(p.streamNorm("block2/mlp") <= p.streamNorm("block2/attn") + p.writeNorm("block2/mlp") + 1e-6, "triangle inequality, token by token");
    }

    @Test
    void reZeroWritesNothingAtFirstAndTheModelStaysUntrained() {
        Model m = Models.transformer(2, 16, 2, 11, 8, Variant.REZERO);
        StreamProfile p = StreamProfile.of(m, BATCH);
        assertEquals(0.0, p.writeNorm("block2/attn"), 0.0);
        assertEquals(p.streamNorm("positions"), p.streamNorm("block2/mlp"), 0.0);
        assertTrue(m.params().stream().allMatch(q -> q.grad().amaxNumber().doubleValue() == 0), "gradients are zeroed afterwards");
    }

    @Test
    void anMlpHasNoStreamProfile() {
        Model mlp = Models.mlp(2, 8, "tanh", org.residuallab.nn.Init.lecun(), org.residuallab.nn.BlockKind.RESIDUAL).inputs(2).outputs(3).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StreamProfile.of(mlp, org.residuallab.data.Datasets.spirals(4, 3, 0.1, 1)));
        assertTrue(e.getMessage().contains("sub-blocks"), e.getMessage());
    }
}
