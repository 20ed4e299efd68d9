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

    // a CIFAR-style ResNet and its plain twin (n = 1: depth 8, width 4) on the digits as 1×8×8 images
    private static CompareResult convTwins(int threads) {
        org.residuallab.data.Split digits = org.residuallab.data.Images.digits(0.5, 1);
        Model plain = Models.plainConvNet(1).width(4).inputs(1, 8, 8).seed(3).build();
        Model residual = Models.resnet(1).width(4).inputs(1, 8, 8).seed(3).build();
        return Compare.of(plain, residual)
                .data(digits)
                .config(TrainConfig.builder().steps(12).batchSize(32).optimizer("momentum").learningRate(0.05).seed(2).evalEvery(6).build())
                .probes(Probes.all().every(2).histogramEvery(4))
                .threads(threads)
                .run();
    }

    /** Models on 2 threads, and each ND4J/oneDNN convolution on 1 or 2 threads of its own (the engine's maximum). */
    @org.junit.jupiter.params.ParameterizedTest(name = "engine threads {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2})
    void twoThreadsGiveExactlyTheNumbersOfOne(int engineThreads) {
        int before = org.residuallab.nn.fast.Threads.max();
        CompareResult one, two;
        org.residuallab.nn.fast.Threads.set(engineThreads);
        try {
            one = convTwins(1);
            two = convTwins(2);
        } finally {
            org.residuallab.nn.fast.Threads.set(before);
        }
        assertEquals(List.of("plain8", "resnet8"), two.results().stream().map(x -> x.model()).toList(), "results in the order given");
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(one.results().get(i).history().losses(), two.results().get(i).history().losses(), "batch losses");
            assertEquals(one.results().get(i).finalTrainLoss(), two.results().get(i).finalTrainLoss());
            assertEquals(one.results().get(i).finalTestAccuracy(), two.results().get(i).finalTestAccuracy());
        }
        assertEquals(one.curves().doubleColumn("value").asList(), two.curves().doubleColumn("value").asList());
        assertEquals(one.probes().stringColumn("layer").asList(), two.probes().stringColumn("layer").asList());
        assertEquals(one.probes().doubleColumn("value").asList(), two.probes().doubleColumn("value").asList(), "every probe record");
        assertEquals(one.histograms().longColumn("count").asList(), two.histograms().longColumn("count").asList());
        assertEquals(2, two.config().get("threads"));
        Table finals = two.finals();
        assertEquals(List.of("depth", "block", "model", "metric", "value"), finals.columnNames());
        Table loss = finals.where(finals.stringColumn("metric").isEqualTo("final_train_loss"));
        assertEquals(List.of(8, 8), loss.intColumn("depth").asList(), "a ResNet's depth is 6n + 2");
        assertEquals(List.of("plain", "residual"), loss.stringColumn("block").asList());
        assertEquals(two.results().get(1).finalTrainLoss(), loss.doubleColumn("value").getDouble(1));
        assertEquals(2, finals.where(finals.stringColumn("metric").isEqualTo("grad_ratio_first_to_last")).rowCount());
        assertFalse(two.interrupted());
        for (Model m : two.models()) assertFalse(m.net().children().get(3).hasHooks(), "probes are detached after the run");
    }

    @Test
    void withThreadsTheListenersHearEveryModelOnTheCallingThread() {
        Dataset data = Datasets.xor(64, 0.05, 2);
        Thread caller = Thread.currentThread();
        List<String> heard = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean elsewhere = new java.util.concurrent.atomic.AtomicBoolean();
        org.residuallab.train.TrainingListener l = new org.residuallab.train.TrainingListener() {
            @Override public void onStart(String model, TrainConfig config, long totalSteps) { note("start " + model); }
            @Override public void onStep(org.residuallab.train.StepEvent e) { note("step " + e.model() + " " + e.done()); }
            @Override public void onEnd(org.residuallab.train.TrainResult r) { note("end " + r.model()); }
            private void note(String s) {
                if (Thread.currentThread() != caller) elsewhere.set(true);
                heard.add(s);
            }
        };
        List<Model> models = new java.util.ArrayList<>();
        for (int d = 1; d <= 3; d++) models.add(Models.mlp(d, 8, "tanh", Init.lecun(), BlockKind.RESIDUAL).inputs(2).outputs(2).seed(d).build());
        CompareResult r = Compare.of(models).data(data).config(TrainConfig.builder().steps(5).batchSize(16).seed(1).build())
                .probes(Probes.gradients()).listener(l).threads(2).run();
        assertFalse(elsewhere.get(), "a listener was called on a worker thread");
        assertEquals(3, r.results().size());
        for (Model m : models) {
            List<String> mine = heard.stream().filter(s -> s.contains(" " + m.name())).toList();
            List<String> expected = new java.util.ArrayList<>(List.of("start " + m.name()));
            for (int i = 1; i <= 5; i++) expected.add("step " + m.name() + " " + i);
            expected.add("end " + m.name());
            assertEquals(expected, mine, "each model's events in order");
        }
    }

    @Test
    void withThreadsAnInterruptedComparisonStopsEveryModelAndKeepsTheInterrupt() {
        Dataset data = Datasets.xor(64, 0.05, 2);
        try {
            Thread.currentThread().interrupt();
            CompareResult r = Compare.plainVsResidual(Models.mlp(2, 8, "tanh", Init.lecun(), BlockKind.RESIDUAL))
                    .data(data).config(TrainConfig.builder().steps(100_000).build()).threads(2).run();
            assertTrue(r.interrupted());
            assertTrue(Thread.currentThread().isInterrupted(), "the caller's interrupt is kept");
            for (org.residuallab.train.TrainResult t : r.results()) assertTrue(t.stepsDone() < 100_000, t.toString());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void withThreadsAFailingModelIsReportedOnTheCallingThread() {
        Dataset data = Datasets.xor(64, 0.05, 2);
        Model ok = Models.mlp(2, 8, "tanh", Init.lecun(), BlockKind.PLAIN).inputs(2).outputs(2).build();
        Model wrong = Models.mlp(2, 8, "tanh", Init.lecun(), BlockKind.RESIDUAL).inputs(3).outputs(2).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Compare.of(ok, wrong).data(data).config(TrainConfig.builder().steps(5).build()).threads(2).run());
        assertTrue(e.getMessage().contains("takes 3 features"), e.getMessage());
    }

    @Test
    void threadsMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Compare.of(small(1).models()).threads(0));
        assertTrue(e.getMessage().contains("threads must be >= 1"), e.getMessage());
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
