package org.residuallab.experiment;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.residuallab.data.Datasets;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.train.TrainConfig;
import tech.tablesaw.api.Table;

class DepthSweepTest {

    @Test
    void everyCellReportsGradientsAtInitAndItsFinalScores() {
        DepthSweepResult r = DepthSweep.over(1, 6).width(8).activation("sigmoid").init(Init.glorotUniform()).seed(2)
                .data(Datasets.spirals(20, 3, 0.1, 1).split(0.25, 1))
                .config(TrainConfig.builder().steps(8).batchSize(15).optimizer("sgd").learningRate(0.1).build())
                .run();
        assertEquals(4, r.cells().size());
        Table t = r.table();
        assertEquals(4 * 6, t.rowCount(), "six metrics per cell");
        assertEquals(Set.of("plain", "residual"), Set.copyOf(t.stringColumn("block").unique().asList()));
        Table grads = r.gradients();
        assertEquals(Set.of(0), Set.copyOf(grads.intColumn("step").unique().asList()), "gradients at initialisation only");
        assertEquals(Set.of(1, 6), Set.copyOf(grads.intColumn("depth").unique().asList()));
        DepthSweepResult.Cell deepPlain = r.cells().get(2);
        assertEquals(6, deepPlain.depth());
        assertEquals(BlockKind.PLAIN, deepPlain.kind());
        assertEquals(deepPlain.gradients().firstBlockNorm() / deepPlain.gradients().lastBlockNorm(), deepPlain.gradients().gradRatioFirstToLast(), 1e-12);
        assertTrue(deepPlain.gradients().gradRatioFirstToLast() < r.cells().get(3).gradients().gradRatioFirstToLast(),
                "the plain net's gradients shrink more than the residual net's");
        assertEquals(8L, r.cells().get(0).result().stepsDone());
        assertEquals("depth_sweep", r.config().get("experiment"));
    }

    @Test
    void aCustomFactoryBuildsTheModels() {
        DepthSweepResult r = DepthSweep.over(2).kinds(BlockKind.RESIDUAL)
                .models((depth, kind, in, out) -> org.residuallab.nn.Models.mlp(depth, 4, "tanh", Init.lecun(), kind).inputs(in).outputs(out).name("mine").build())
                .data(Datasets.xor(32, 0, 1))
                .config(TrainConfig.builder().steps(2).build())
                .run();
        assertEquals("mine", r.cells().get(0).result().model());
        assertEquals(1, r.cells().size());
    }

    @Test
    void chosenProbesRecordEveryCellOverTraining() {
        DepthSweepResult r = DepthSweep.over(1, 3).width(4).activation("relu").batchNorm(true).seed(1)
                .data(Datasets.xor(32, 0, 1))
                .config(TrainConfig.builder().steps(6).batchSize(16).build())
                .probes(org.residuallab.probe.Probes.gradients().every(2))
                .run();
        assertEquals(Set.of(0, 2, 4), Set.copyOf(r.gradients().intColumn("step").unique().asList()));
        assertEquals(Set.of(3), Set.copyOf(r.gradients(3).intColumn("depth").unique().asList()));
        assertEquals(2, Set.copyOf(r.gradients(3).stringColumn("model").unique().asList()).size(), "plain and residual");
        assertEquals(0, r.cell(3, BlockKind.RESIDUAL).gradients().step(), "the summary stays at initialisation");
        assertEquals("residual-relu-d3", r.cell(3, BlockKind.RESIDUAL).result().model());
        assertThrows(IllegalArgumentException.class, () -> r.gradients(2));
        assertThrows(IllegalArgumentException.class, () -> r.cell(2, BlockKind.PLAIN));
    }

    @Test
    void aResNetRecipeSweepsCifarDepthsOnImages() {
        DepthSweepResult r = DepthSweep.over(8, 14).models(ModelRecipe.resnet(2, org.residuallab.nn.Shortcut.ZERO_PAD).seed(1))
                .data(org.residuallab.data.Images.digits(0.2, 1))
                .config(TrainConfig.builder().steps(2).batchSize(16).build())
                .run();
        assertEquals(java.util.List.of("plain8", "resnet8", "plain14", "resnet14"), r.cells().stream().map(c -> c.result().model()).toList());
        assertEquals(BlockKind.RESIDUAL, r.cell(14, BlockKind.RESIDUAL).kind());
        assertTrue(r.cell(14, BlockKind.PLAIN).gradients().gradRatioFirstToLast() > 0, "blocks found in the conv nets too");
        assertEquals("resnet", r.config().get("model"));
        assertEquals("a", r.config().get("shortcut"));
    }

    @Test
    void aTransformerRecipeSweepsLayersAndItsPlainTwinIsTheNoSkipVariant() {
        DepthSweepResult r = DepthSweep.over(1, 2).models(ModelRecipe.transformer(8, 2, 0, org.residuallab.nn.TransformerBlock.Variant.PRE_LN))
                .data(org.residuallab.data.SequenceTasks.copy(40, 2, 1).split(0.25, 1))
                .config(TrainConfig.builder().steps(2).batchSize(8).optimizer("adam").learningRate(1e-3).build())
                .run();
        assertEquals(java.util.List.of("transformer-no-skip-d1", "transformer-pre-ln-d1", "transformer-no-skip-d2", "transformer-pre-ln-d2"),
                r.cells().stream().map(c -> c.result().model()).toList());
        assertTrue(r.cell(2, BlockKind.RESIDUAL).result().finalTestAccuracy().isPresent());
    }

    @Test
    void aDepthTheRecipeCannotBuildFailsBeforeAnyTraining() {
        long t0 = System.nanoTime();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DepthSweep.over(8, 10)
                .models(ModelRecipe.resnet(2, org.residuallab.nn.Shortcut.ZERO_PAD)).data(org.residuallab.data.Images.digits())
                .config(TrainConfig.builder().steps(100000).build()).run());
        assertTrue(e.getMessage().contains("6n+2") && e.getMessage().contains("was 10"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 30e9, "nothing was trained");
    }
}
