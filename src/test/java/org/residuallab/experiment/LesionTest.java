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
}
