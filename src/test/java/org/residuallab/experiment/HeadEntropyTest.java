package org.residuallab.experiment;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.data.Dataset;
import org.residuallab.data.SequenceTasks;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.nn.TransformerBlock.Variant;
import org.residuallab.probe.Probes;
import org.residuallab.probe.ResidualStream;
import tech.tablesaw.api.Table;

/** Attention entropy per head, and OnePass, which measures without changing the model. */
class HeadEntropyTest {
    private static final Dataset BATCH = SequenceTasks.reverse(8, 4, 2);

    @Test
    void aFreshGpt2InitialisedModelAttendsAlmostEvenly() {
        Model m = Models.transformer(2, 16, 4, 11, 8, Variant.PRE_LN).seed(3);
        HeadEntropy h = HeadEntropy.of(BATCH, m);
        assertEquals(8, h.heads().size());
        assertEquals("block2/attn/body/attention/head4", h.heads().get(7));
        for (double v : h.values(m.name())) assertTrue(v > 0.95 * h.uniform() && v <= h.uniform() + 1e-6, v + " vs " + h.uniform());
        assertEquals(8, h.table().rowCount());
        assertNotNull(h.chart("heads"));
    }

    @Test
    void twoModelsAreComparedHeadByHead() {
        Model a = Models.transformer(1, 16, 2, 11, 8, Variant.PRE_LN).seed(1);
        Model b = Models.transformer(1, 16, 2, 11, 8, Variant.POST_LN).seed(1);
        HeadEntropy h = HeadEntropy.of(BATCH, a, b);
        assertEquals(4, h.table().rowCount());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.values("nope"));
        assertTrue(e.getMessage().contains("transformer-pre-ln"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HeadEntropy.of(BATCH, a, a));
        Model wider = Models.transformer(1, 16, 4, 11, 8, Variant.PRE_LN).seed(1);
        assertThrows(IllegalArgumentException.class, () -> HeadEntropy.of(BATCH, a, Model.of("other", wider.net()).inputShape(8)));
    }

    @Test
    void onePassChangesNoWeightAndLeavesNoGradient() {
        Model m = Models.transformer(1, 16, 2, 11, 8, Variant.PRE_LN).seed(1);
        m.lossAndBackward(BATCH.features(), BATCH.targets()); // a model that has taken a step: AtInit would refuse it
        INDArray before = m.params().get(2).value().dup();
        Table t = OnePass.probe(m, BATCH, Probes.of(new ResidualStream()));
        assertTrue(t.rowCount() > 0);
        assertEquals(before, m.params().get(2).value());
        assertTrue(m.params().stream().allMatch(p -> p.grad().amaxNumber().doubleValue() == 0));
    }
}
