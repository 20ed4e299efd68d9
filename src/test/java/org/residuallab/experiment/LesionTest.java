package org.residuallab.experiment;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.residuallab.data.Dataset;
import org.residuallab.data.Datasets;
import org.residuallab.data.Split;
import org.residuallab.nn.Block;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Dense;
import org.residuallab.nn.Init;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.nn.PlainBlock;
import org.residuallab.nn.Sequential;
import org.residuallab.train.Evaluator;
import org.residuallab.train.TrainConfig;
import org.residuallab.train.Trainer;
import tech.tablesaw.api.Table;

class LesionTest {
    private final Split data = Datasets.spirals(30, 3, 0.1, 1).split(0.3, 1);

    private Model trained(BlockKind kind) {
        Model m = Models.mlp(3, 16, "tanh", Init.lecun(), kind).inputs(2).outputs(3).seed(1).build();
        Trainer.of(TrainConfig.builder().steps(40).batchSize(32).optimizer("adam").learningRate(0.02).build()).fit(m, data);
        return m;
    }

    @Test
    void removesEachBlockInTurnAndRestoresThem() {
        Model residual = trained(BlockKind.RESIDUAL), plain = trained(BlockKind.PLAIN);
        LesionResult r = Lesion.of(residual, plain).data(data.test()).run();
        assertEquals(2 * (1 + 3), r.rows().size());
        assertEquals(Evaluator.accuracy(residual, data.test()), r.baseline(residual.name()), 1e-12);
        List<LesionResult.Row> lesions = r.lesions(plain.name());
        assertEquals(List.of("block1", "block2", "block3"), lesions.stream().map(LesionResult.Row::layer).toList());
        assertEquals(List.of(1, 2, 3), lesions.stream().map(LesionResult.Row::layerIndex).toList());
        for (Model m : List.of(residual, plain)) for (Block b : m.blocks()) assertFalse(b.isBypassed(), b.describe() + " restored");
        residual.blocks().get(1).setBypassed(true);
        assertEquals(Evaluator.accuracy(residual, data.test()), r.lesions(residual.name()).get(1).accuracy(), 1e-12);
        residual.blocks().get(1).setBypassed(false);
        Table t = r.table();
        assertEquals(List.of("model", "block", "layer", "layer_index", "metric", "value"), t.columnNames());
        assertEquals(2 * 4 * 2, t.rowCount());
        assertEquals("residual", t.stringColumn("block").get(0));
    }

    @Test
    void aPlainBlockThatChangesWidthIsKeptAndNamedInANote() {
        Model m = Model.of("narrowing", Sequential.of(new Dense(2, 8), new PlainBlock(Sequential.of(new Dense(8, 3)))));
        Dataset d = Datasets.spirals(5, 3, 0.1, 1);
        LesionResult r = Lesion.of(m).data(d).run();
        assertEquals(List.of(), r.lesions("narrowing"), "nothing could be removed");
        assertEquals(1, r.notes().size());
        assertTrue(r.notes().get(0).contains("maps width 8 to 3") && r.notes().get(0).contains("cannot be removed"), r.notes().get(0));
        assertFalse(m.blocks().get(0).isBypassed());
    }

    @Test
    void aResNetLosesEachBlockButThePlainTwinKeepsTheBlocksThatChangeTheShape() {
        Split images = org.residuallab.data.Images.digits(0.2, 1);
        List<Model> twins = ModelRecipe.resnet(2, org.residuallab.nn.Shortcut.ZERO_PAD).seed(1).twins(8, images.train());
        LesionResult r = Lesion.of(twins).data(images.test()).run();
        assertEquals(List.of("block1", "block2", "block3"), r.lesions("resnet8").stream().map(LesionResult.Row::layer).toList(),
                "a residual block that downsamples leaves its shortcut");
        assertEquals(List.of("block1"), r.lesions("plain8").stream().map(LesionResult.Row::layer).toList());
        assertEquals(4, r.notes().size(), "two kept plain blocks, two shortcuts left in place");
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("'plain8'") && n.contains("block2") && n.contains("maps (2, 8, 8) to (4, 4, 4)")
                && n.contains("cannot be removed")), r.notes().toString());
        for (Model m : twins) for (Block b : m.blocks()) assertFalse(b.isBypassed(), b.describe() + " restored");
        LesionCurve.Result curve = LesionCurve.of(twins).data(images.test()).samples(2).seed(1).run();
        assertEquals(2, curve.accuracies("plain8").length, "k = 0 and 1: one removable block");
        assertEquals(4, curve.accuracies("resnet8").length);
        assertEquals(4, curve.notes().size());
    }

    @Test
    void aTransformerLosesOneWholeLayerAtATime() {
        Split tokens = org.residuallab.data.SequenceTasks.reverse(40, 2, 1).split(0.25, 1);
        Model m = ModelRecipe.transformer(8, 2, 0, org.residuallab.nn.TransformerBlock.Variant.PRE_LN).build(3, BlockKind.RESIDUAL, tokens.train());
        LesionResult r = Lesion.of(m).data(tokens.test()).run();
        List<LesionResult.Row> rows = r.lesions(m.name());
        assertEquals(List.of("block1", "block2", "block3"), rows.stream().map(LesionResult.Row::layer).toList());
        assertEquals(List.of(2, 3, 4), rows.stream().map(LesionResult.Row::layerIndex).toList(), "after the token and position embeddings");
        assertTrue(r.notes().isEmpty());
        org.residuallab.nn.TransformerBlock second = (org.residuallab.nn.TransformerBlock) m.net().children().get(3);
        second.attention().setBypassed(true);
        second.mlp().setBypassed(true);
        assertEquals(Evaluator.evaluate(m, tokens.test())[0], rows.get(1).loss(), 1e-9, "both sub-blocks of the layer are bypassed");
        second.attention().setBypassed(false);
        second.mlp().setBypassed(false);
        assertEquals("residual", r.rows().get(0).block());
    }
}
