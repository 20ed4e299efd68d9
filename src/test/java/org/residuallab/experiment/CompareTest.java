package org.residuallab.experiment;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.residuallab.data.Dataset;
import org.residuallab.data.Datasets;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.probe.Probes;
import org.residuallab.train.TrainConfig;
import tech.tablesaw.api.Table;

class CompareTest {

    /**
     * Sigmoid, Xavier, depth 20, width 32 on 150 three-class spiral points, full batch, SGD with
     * momentum 0.9 and lr 0.1 for 150 steps: the plain net never leaves chance, the residual net fits.
     */
    @Test
    void deepPlainSigmoidStaysAtChanceWhileItsResidualTwinLearnsSpirals() {
        Dataset spirals = Datasets.spirals(50, 3, 0.1, 1);
        CompareResult r = Compare.plainVsResidual(Models.mlp(20, 32, "sigmoid", Init.glorotUniform(), BlockKind.RESIDUAL).seed(1))
                .data(spirals)
                .config(TrainConfig.builder().steps(150).batchSize(spirals.size()).optimizer("momentum").learningRate(0.1).seed(1).evalEvery(50).build())
                .probes(Probes.gradients().every(50))
                .run();
        double plain = r.result("plain-sigmoid-d20").finalTrainLoss(), residual = r.result("residual-sigmoid-d20").finalTrainLoss();
        assertTrue(plain >= 0.9 * Math.log(3), "plain training loss " + plain);
        assertTrue(residual < 0.2, "residual training loss " + residual);
        assertTrue(r.gradientSummary("plain-sigmoid-d20").gradRatioFirstToLast() < 1e-3);
        assertEquals(0, r.gradientSummary("plain-sigmoid-d20").step());
    }

    private static CompareResult small(long seed) {
        Dataset data = Datasets.xor(64, 0.05, 2);
        return Compare.plainVsResidual(Models.mlp(3, 8, "tanh", Init.lecun(), BlockKind.RESIDUAL).seed(seed))
                .data(data.split(0.25, 1))
                .config(TrainConfig.builder().steps(12).batchSize(16).optimizer("adam").learningRate(0.01).seed(4).build())
                .probes(Probes.all().every(3))
                .name("small")
                .run();
    }

    @Test
    void theSameSeedsReproduceEveryNumber() {
        CompareResult a = small(7), b = small(7);
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(a.results().get(i).history().losses(), b.results().get(i).history().losses());
        }
        assertEquals(a.probes().doubleColumn("value").asList(), b.probes().doubleColumn("value").asList());
        assertEquals(a.histograms().longColumn("count").asList(), b.histograms().longColumn("count").asList());
    }

    @Test
    void theResultCombinesBothModelsInTidyTables() {
        CompareResult r = small(1);
        List<String> names = List.of("plain-tanh-d3", "residual-tanh-d3");
        assertEquals(names, r.results().stream().map(x -> x.model()).toList());
        Table probes = r.probes();
        assertEquals(Set.copyOf(names), Set.copyOf(probes.stringColumn("model").unique().asList()));
        assertEquals(Set.of("small"), Set.copyOf(probes.stringColumn("run").unique().asList()));
        assertEquals(Set.of(0, 3, 6, 9), Set.copyOf(probes.intColumn("step").unique().asList()));
        assertEquals(Set.copyOf(names), Set.copyOf(r.curves().stringColumn("model").unique().asList()));
        assertEquals(Set.copyOf(names), Set.copyOf(r.histograms().stringColumn("model").unique().asList()));
        assertEquals("small", r.config().get("name"));
        assertEquals(12L, r.config().get("steps"));
        assertTrue(r.result("residual-tanh-d3").finalTestAccuracy().isPresent());
        assertEquals(5, r.gradientSummary("plain-tanh-d3").layers().size(), "stem, 3 blocks, head");
        assertFalse(r.interrupted());
        for (Model m : r.models()) assertFalse(m.net().children().get(1).hasHooks(), "probes are detached after the run");
    }

    @Test
    void regressionDataIsFittedWithMeanSquaredError() {
        CompareResult r = Compare.plainVsResidual(Models.mlp(2, 8, "tanh", Init.lecun(), BlockKind.RESIDUAL))
                .data(Datasets.teacher(40, 3, 1, 8, 1, 0.0, 1))
                .config(TrainConfig.builder().steps(4).batchSize(20).build())
                .probes(Probes.gradients())
                .run();
        for (Model m : r.models()) assertEquals("mse", m.loss().name());
        assertTrue(r.results().get(1).finalTrainAccuracy().isEmpty());
        assertTrue(Double.isFinite(r.results().get(1).finalTrainLoss()));
        assertEquals(Set.of("batch_loss", "train_loss"), Set.copyOf(r.curves().stringColumn("metric").unique().asList()));
    }

    @Test
    void modelsWithTheSameNameAreRejected() {
        Model a = Models.mlp(2, 4, "relu", Init.he(), BlockKind.PLAIN).inputs(2).outputs(2).build();
        Model b = Models.mlp(2, 4, "relu", Init.he(), BlockKind.PLAIN).inputs(2).outputs(2).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Compare.of(a, b));
        assertTrue(e.getMessage().contains("plain-relu-d2"), e.getMessage());
    }

    @Test
    void anInterruptedComparisonReturnsWhatRan() {
        Dataset data = Datasets.xor(64, 0.05, 2);
        try {
            Thread.currentThread().interrupt();
            CompareResult r = Compare.plainVsResidual(Models.mlp(2, 8, "tanh", Init.lecun(), BlockKind.RESIDUAL))
                    .data(data).config(TrainConfig.builder().steps(5).build()).run();
            assertTrue(r.interrupted());
            assertTrue(r.results().isEmpty());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void plainVsResidualOfAResNetRecipeTrainsTheConvTwinsOnTheSameBatches() {
        CompareResult r = Compare.plainVsResidual(ModelRecipe.resnet(2, org.residuallab.nn.Shortcut.ZERO_PAD).seed(1), 8)
                .data(org.residuallab.data.Images.digits(0.2, 1))
                .config(TrainConfig.builder().steps(3).batchSize(16).build())
                .probes(org.residuallab.probe.Probes.gradients().every(1))
                .run();
        assertEquals(java.util.List.of("plain8", "resnet8"), r.models().stream().map(Model::name).toList());
        assertEquals(3L, r.result("resnet8").stepsDone());
        assertTrue(r.gradientSummary("plain8").gradRatioFirstToLast() > 0);
    }

    @Test
    void plainVsResidualOfATransformerRecipeTrainsTheNoSkipTwin() {
        CompareResult r = Compare.plainVsResidual(ModelRecipe.transformer(8, 2, 0, org.residuallab.nn.TransformerBlock.Variant.REZERO), 1)
                .data(org.residuallab.data.SequenceTasks.sort(40, 2, 1))
                .config(TrainConfig.builder().steps(2).batchSize(8).optimizer("adam").learningRate(1e-3).build())
                .run();
        assertEquals(java.util.List.of("transformer-no-skip-d1", "transformer-rezero-d1"), r.models().stream().map(Model::name).toList());
        assertEquals("plain", r.models().get(0).config().get("block"));
    }
}
