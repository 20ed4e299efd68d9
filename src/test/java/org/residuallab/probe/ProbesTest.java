package org.residuallab.probe;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.data.Batches;
import org.residuallab.data.Dataset;
import org.residuallab.data.Datasets;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Dense;
import org.residuallab.nn.Dropout;
import org.residuallab.nn.Init;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.nn.Optimizer;
import org.residuallab.nn.ReLU;
import org.residuallab.nn.ResidualBlock;
import org.residuallab.nn.Sequential;
import org.residuallab.nn.Sigmoid;
import org.residuallab.nn.Tanh;
import tech.tablesaw.api.Table;

class ProbesTest {
    private static final Dataset DATA = Datasets.spirals(20, 3, 0.1, 1);

    private static Model model(BlockKind kind) {
        return Models.mlp(3, 8, "tanh", Init.lecun(), kind).inputs(2).outputs(3).seed(5).build();
    }

    /** A hand-written loop, as a student would write it: forward/backward, optimizer step, an evaluation forward. */
    private static double[] train(Model m, int steps) {
        Batches b = DATA.batches(16, 1);
        Optimizer opt = Optimizer.sgd(0.1);
        double[] losses = new double[steps];
        for (int i = 0; i < steps; i++) {
            Batches.Batch batch = b.next();
            losses[i] = m.lossAndBackward(batch.x(), batch.y());
            opt.step(m.params());
            m.predict(batch.x()); // evaluation passes are not recorded
        }
        return losses;
    }

    private static void assertNoHooks(Layer l) {
        assertFalse(l.hasHooks(), l.describe() + " still has hooks");
        for (Layer c : l.children()) assertNoHooks(c);
    }

    @Test
    void probesChangeNoNumbers() {
        Sequential net = Sequential.of(new Dense(2, 8), new ResidualBlock(Sequential.of(new Dense(8, 8), new Dropout(0.2), new Sigmoid())),
                new ResidualBlock(Sequential.of(new Dense(8, 8), new ReLU())).learnableBranchScale(0.5), new Dense(8, 3));
        Model withProbes = Model.of("a", net).seed(3);
        Model without = Model.of("a", Sequential.of(new Dense(2, 8), new ResidualBlock(Sequential.of(new Dense(8, 8), new Dropout(0.2), new Sigmoid())),
                new ResidualBlock(Sequential.of(new Dense(8, 8), new ReLU())).learnableBranchScale(0.5), new Dense(8, 3))).seed(3);
        double[] plain = train(without, 25);
        double[] probed;
        try (ProbeSession s = Probes.all().every(1).attach(withProbes)) {
            probed = train(withProbes, 25);
            assertTrue(s.table().rowCount() > 0);
        }
        assertArrayEquals(plain, probed, "bit-identical losses with and without probes");
    }

    @Test
    void closingTheHandleLeavesNoHooks() {
        Model m = model(BlockKind.RESIDUAL);
        ProbeSession s = Probes.all().attach(m);
        assertTrue(s.hookCount() > 0);
        assertTrue(m.net().children().get(1).hasHooks());
        s.close();
        s.close();
        assertEquals(0, s.hookCount());
        assertFalse(s.isAttached());
        assertNoHooks(m.net());
    }

    @Test
    void theTableIsTidyWithDocumentedLayersAndIndices() {
        Model m = model(BlockKind.RESIDUAL);
        Table t;
        try (ProbeSession s = Probes.all().every(1).run("demo").attach(m)) {
            train(m, 3);
            t = s.table();
        }
        assertEquals(List.of("run", "model", "depth", "step", "layer", "layer_index", "metric", "value"), t.columnNames());
        assertEquals(Set.of("demo"), Set.copyOf(t.stringColumn("run").asList()));
        assertEquals(Set.of(3), Set.copyOf(t.intColumn("depth").asList()));
        Table grads = ProbeTables.byLayer(t, m.name(), ProbeMetrics.WEIGHT_GRAD_L2, 0);
        assertEquals(List.of("dense1", "block1", "block2", "block3", "head"), grads.stringColumn("layer").asList());
        assertEquals(List.of(0, 1, 2, 3, 4), grads.intColumn("layer_index").asList());
        Table act = ProbeTables.metric(t, ProbeMetrics.ACT_SATURATION);
        assertEquals(Set.of("block1/body/tanh1", "block2/body/tanh1", "block3/body/tanh1", "head/tanh1"), new TreeSet<>(act.stringColumn("layer").unique().asList()));
        Table param = ProbeTables.metric(t, ProbeMetrics.PARAM_GRAD_L2);
        assertTrue(param.stringColumn("layer").asList().contains("block2/body/dense1/W"));
        assertEquals(Set.of(0, 1, 2), Set.copyOf(t.intColumn("step").asList()), "three steps recorded, evaluations not");
        for (String metric : List.of("out_grad_l2", "out_grad_mean_abs", "out_grad_std", "out_grad_max_abs", "weight_grad_std",
                "param_grad_max_abs", "out_mean", "out_std", "act_mean", "act_std", "update_ratio_log10", "branch_std")) {
            assertTrue(ProbeTables.metric(t, metric).rowCount() > 0, metric + " recorded");
        }
    }

    @Test
    void recordsOnlyEveryKthStep() {
        Model m = model(BlockKind.PLAIN);
        try (ProbeSession s = Probes.gradients().every(4).attach(m)) {
            train(m, 10);
            assertEquals(Set.of(0, 4, 8), Set.copyOf(s.table().intColumn("step").asList()));
        }
    }

    @Test
    void memoryStaysBoundedOnLongRuns() {
        Model m = model(BlockKind.RESIDUAL);
        try (ProbeSession s = Probes.all().every(1).maxSteps(8).maxHistogramSteps(3).bins(10).attach(m)) {
            train(m, 60);
            Set<Integer> steps = Set.copyOf(s.table().intColumn("step").asList());
            assertTrue(steps.size() <= 8, "at most 8 steps kept: " + steps);
            assertTrue(steps.contains(0), "step 0 is always kept");
            assertEquals(8, s.log().every(), "the interval doubled from 1 to 8");
            Table h = s.histogramTable();
            Set<Integer> hSteps = Set.copyOf(h.intColumn("step").asList());
            assertTrue(hSteps.size() <= 3, "at most 3 histogram steps: " + hSteps);
            int layersTimesKinds = h.rowCount() / hSteps.size() / 10;
            assertEquals(h.rowCount(), hSteps.size() * layersTimesKinds * 10);
            assertEquals(List.of("run", "model", "depth", "step", "layer", "layer_index", "kind", "bin", "bin_lo", "bin_hi", "count"), h.columnNames());
        }
    }

    @Test
    void histogramCountsCoverEveryElement() {
        Model m = model(BlockKind.RESIDUAL);
        try (ProbeSession s = Probes.of(new Histograms()).bins(7).attach(m)) {
            train(m, 1);
            Table h = s.histogramTable();
            Table one = h.where(h.stringColumn("layer").isEqualTo("block2/body/tanh1"));
            assertEquals(7, one.rowCount());
            assertEquals(16 * 8, (long) one.longColumn("count").sum(), "one count per element of the (16, 8) batch output");
            assertEquals(one.doubleColumn("bin_hi").get(0), one.doubleColumn("bin_lo").get(1), 1e-12);
            Table w = h.where(h.stringColumn("kind").isEqualTo(ProbeMetrics.HIST_WEIGHT_GRAD).and(h.stringColumn("layer").isEqualTo("dense1/W")));
            assertEquals(2 * 8, (long) w.longColumn("count").sum());
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = BlockKind.class, names = {"PLAIN", "RESIDUAL"})
    void unitOutputStatsAreThoseOfTheUnitsOutputs(BlockKind kind) {
        Model m = model(kind); // a plain block's output is its tanh's (one statistic serves both); a residual block's is x + F(x)
        java.util.Map<String, INDArray> outs = new java.util.HashMap<>();
        for (Layer unit : m.net().children()) {
            unit.addHook(new org.residuallab.nn.Hook() {
                @Override
                public void onForward(Layer layer, INDArray in, INDArray out) {
                    if (layer.isTraining()) outs.putIfAbsent(layer.path(), out.castTo(DataType.DOUBLE));
                }
            });
        }
        Table t;
        try (ProbeSession s = Probes.of(new ActivationStats()).every(1).attach(m)) {
            train(m, 1);
            t = s.table();
        }
        assertEquals(m.net().children().size(), outs.size());
        for (var e : outs.entrySet()) {
            INDArray o = e.getValue();
            double mean = o.meanNumber().doubleValue(), std = o.std(false, 0, 1).getDouble(0);
            assertEquals(mean, value(t, e.getKey(), ProbeMetrics.OUT_MEAN), 1e-6, e.getKey());
            assertEquals(std, value(t, e.getKey(), ProbeMetrics.OUT_STD), 1e-6 * Math.max(1, std), e.getKey());
        }
    }

    private static double value(Table t, String layer, String metric) {
        Table r = t.where(t.stringColumn("layer").isEqualTo(layer).and(t.stringColumn("metric").isEqualTo(metric)));
        assertEquals(1, r.rowCount(), layer + " " + metric);
        return r.doubleColumn("value").get(0);
    }

    @Test
    void branchStdIsTheStdOfTheBodysOutputAndALesionedBlockHasNone() {
        Model m = model(BlockKind.RESIDUAL);
        m.blocks().get(1).setBypassed(true);
        java.util.Map<String, INDArray> fx = new java.util.HashMap<>(); // each body's output F(x)
        for (org.residuallab.nn.Block b : m.blocks()) {
            b.body().addHook(new org.residuallab.nn.Hook() {
                @Override
                public void onForward(Layer layer, INDArray in, INDArray out) {
                    if (layer.isTraining()) fx.putIfAbsent(b.path(), out.castTo(DataType.DOUBLE));
                }
            });
        }
        Table t;
        try (ProbeSession s = Probes.of(new ResidualResponse()).every(1).attach(m)) {
            train(m, 1);
            t = s.table();
        }
        assertEquals(List.of("block1", "block3"), t.stringColumn("layer").asList(), "block2 is bypassed: its body does not run");
        assertEquals(List.of(1, 3), t.intColumn("layer_index").asList());
        for (String block : List.of("block1", "block3")) {
            assertEquals(fx.get(block).std(false, 0, 1).getDouble(0), value(t, block, ProbeMetrics.BRANCH_STD), 1e-6, block);
        }
    }

    @Test
    void gradientNormsAreThoseOfTheGradients() {
        Model m = model(BlockKind.PLAIN);
        try (ProbeSession s = Probes.gradients().every(1).attach(m)) {
            Batches.Batch b = DATA.batches(16, 1).next();
            m.lossAndBackward(b.x(), b.y());
            INDArray dW = ((Dense) m.blocks().get(1).body().get(1)).weight().grad(); // body: tanh1, dense1
            Table t = ProbeTables.byLayer(s.table(), m.name(), ProbeMetrics.PARAM_GRAD_L2, 0);
            double recorded = t.where(t.stringColumn("layer").isEqualTo("block2/body/dense1/W")).doubleColumn("value").get(0);
            assertEquals(dW.norm2Number().doubleValue(), recorded, 1e-6);
            Table w = ProbeTables.byLayer(s.table(), m.name(), ProbeMetrics.WEIGHT_GRAD_MAX_ABS, 0);
            assertEquals(dW.amaxNumber().doubleValue(), w.where(w.stringColumn("layer").isEqualTo("block2")).doubleColumn("value").get(0), 1e-7);
        }
    }

    @Test
    void saturationAndDeadFractionsCountTheRightElements() {
        INDArray x = Nd4j.create(new float[] {-10, 0, 10, 0.5f, -10, 0, 10, -0.5f}, new long[] {2, 4}, DataType.FLOAT);
        long[] step = {0};
        Sigmoid sigmoid = new Sigmoid();
        Tanh tanh = new Tanh();
        ReLU relu = new ReLU();
        try (ProbeSession a = Probes.of(new ActivationStats()).every(1).attach(sigmoid, () -> step[0]);
             ProbeSession b = Probes.of(new ActivationStats()).every(1).attach(tanh, () -> step[0]);
             ProbeSession c = Probes.of(new ActivationStats()).every(1).attach(relu, () -> step[0])) {
            sigmoid.forward(x);
            tanh.forward(x);
            relu.forward(x);
            assertEquals(0.5, value(a.table(), ProbeMetrics.ACT_SATURATION), 1e-12, "±10 saturate a sigmoid");
            assertEquals(0.5, value(b.table(), ProbeMetrics.ACT_SATURATION), 1e-12, "±10 saturate a tanh");
            assertEquals(0.5, value(c.table(), ProbeMetrics.ACT_DEAD), 1e-12, "columns 0 and 1 are never positive");
            assertEquals(relu.lastOutput().meanNumber().doubleValue(), value(c.table(), ProbeMetrics.ACT_MEAN), 1e-6);
        }
    }

    @Test
    void updateRatioComparesTheWeightsBeforeAndAfterTheStep() {
        Model m = model(BlockKind.RESIDUAL);
        try (ProbeSession s = Probes.of(new UpdateRatio()).every(1).attach(m)) {
            Batches.Batch b = DATA.batches(16, 1).next();
            INDArray before = ((Dense) m.net().get(0)).weight().value().dup();
            m.lossAndBackward(b.x(), b.y());
            Optimizer.sgd(0.1).step(m.params());
            INDArray after = ((Dense) m.net().get(0)).weight().value().dup();
            assertEquals(0, s.table().rowCount(), "the ratio of step 0 needs step 1's forward");
            m.lossAndBackward(b.x(), b.y());
            Table t = s.table();
            Table row = t.where(t.stringColumn("layer").isEqualTo("dense1/W").and(t.intColumn("step").isEqualTo(0)));
            double expected = Math.log10(after.sub(before).std(false, 0, 1).getDouble(0) / before.std(false, 0, 1).getDouble(0));
            assertEquals(expected, row.doubleColumn("value").get(0), 1e-5);
        }
    }

    @Test
    void updateRatioOnASparseGridComparesEachRecordedStepWithTheNextOnly() {
        Model m = model(BlockKind.RESIDUAL);
        INDArray w = ((Dense) m.net().get(0)).weight().value();
        try (ProbeSession s = Probes.of(new UpdateRatio()).every(2).attach(m)) {
            Batches.Batch b = DATA.batches(16, 1).next();
            List<INDArray> snapshots = new ArrayList<>();
            for (int step = 0; step < 5; step++) { // records steps 0, 2, 4; compares at the forwards of steps 1, 3, 5
                snapshots.add(w.dup());
                m.lossAndBackward(b.x(), b.y());
                Optimizer.sgd(0.1).step(m.params());
            }
            m.lossAndBackward(b.x(), b.y());
            Table t = s.table();
            Table rows = t.where(t.stringColumn("layer").isEqualTo("dense1/W"));
            assertEquals(List.of(0, 2, 4), rows.intColumn("step").asList(), "one row per recorded step");
            for (int step : new int[] {0, 2, 4}) {
                INDArray before = snapshots.get(step), after = step + 1 < snapshots.size() ? snapshots.get(step + 1) : w;
                double expected = Math.log10(after.sub(before).std(false, 0, 1).getDouble(0) / before.std(false, 0, 1).getDouble(0));
                Table row = rows.where(rows.intColumn("step").isEqualTo(step));
                assertEquals(expected, row.doubleColumn("value").get(0), 1e-5, "step " + step);
            }
        }
    }

    @Test
    void attachingToOneBlockWatchesOnlyThatBlock() {
        Model m = model(BlockKind.RESIDUAL);
        try (ProbeSession s = Probes.all().every(1).attach(m, m.blocks().get(1))) {
            train(m, 1);
            assertEquals(Set.of(2), Set.copyOf(s.table().intColumn("layer_index").asList()));
            assertFalse(m.blocks().get(0).hasHooks());
        }
        assertNoHooks(m.net());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Probes.all().attach(m, new Dense(2, 2)));
        assertTrue(e.getMessage().contains("not part of model"), e.getMessage());
    }

    @Test
    void tablesExportAsCsv(@TempDir Path dir) throws Exception {
        Model m = model(BlockKind.RESIDUAL);
        try (ProbeSession s = Probes.all().every(1).attach(m)) {
            train(m, 2);
            Path csv = dir.resolve("out/probes.csv");
            s.writeCsv(csv);
            s.writeHistogramCsv(dir.resolve("out/hist.csv"));
            List<String> lines = Files.readAllLines(csv);
            assertEquals("run,model,depth,step,layer,layer_index,metric,value", lines.get(0));
            assertEquals(s.table().rowCount() + 1, lines.size());
            assertEquals(2, Files.list(dir.resolve("out")).count(), "no temp files left");
        }
    }

    private static double value(Table t, String metric) {
        return ProbeTables.metric(t, metric).doubleColumn("value").get(0);
    }

    @Test
    void rowsAreCompleteWhenTheStepReturnsSoLaterChangesToTheGradientsDoNotLeakIn() {
        // width 64 at batch 32: large enough that the summaries take the BLAS path
        Model m = Models.mlp(4, 64, "tanh", Init.lecun(), BlockKind.RESIDUAL).inputs(64).outputs(3).seed(3).build();
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.randn(DataType.FLOAT, 32, 64), y = Nd4j.zeros(DataType.FLOAT, 32, 3);
        for (int i = 0; i < 32; i++) y.putScalar(i, i % 3, 1);
        List<org.residuallab.nn.Param> params = m.params();
        double[][] expected = new double[3][];
        try (ProbeSession s = Probes.all().every(1).attach(m)) {
            for (int step = 0; step < 3; step++) {
                m.lossAndBackward(x, y);
                expected[step] = new double[params.size()];
                for (int k = 0; k < params.size(); k++) expected[step][k] = params.get(k).grad().norm2Number().doubleValue();
                for (org.residuallab.nn.Param p : params) p.grad().assign(12345); // what a careless loop might do right away
            }
            Table t = s.table();
            for (int step = 0; step < 3; step++) {
                for (int k = 0; k < params.size(); k++) {
                    String path = params.get(k).path();
                    final int st = step;
                    Table row = t.where(t.intColumn("step").isEqualTo(st).and(t.stringColumn("layer").isEqualTo(path))
                            .and(t.stringColumn("metric").isEqualTo("param_grad_l2")));
                    assertEquals(1, row.rowCount(), path + " at step " + step);
                    assertEquals(expected[step][k], row.doubleColumn("value").get(0), 1e-5 * Math.max(1, expected[step][k]), path + " at step " + step);
                }
            }
        }
    }
    @Test
    void twoRunsRecordTheSameRowsInTheSameOrderAllOnTheTrainingThread() {
        // width 64 at batch 32: the summaries take the BLAS path; every(1): every probe records every step
        Nd4j.getRandom().setSeed(2);
        INDArray x = Nd4j.randn(DataType.FLOAT, 32, 64), y = Nd4j.zeros(DataType.FLOAT, 32, 3);
        for (int i = 0; i < 32; i++) y.putScalar(i, i % 3, 1);
        Table[] tables = new Table[2], histograms = new Table[2];
        Set<Thread> ranOn = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Probe where = Probe.forward((at, in, out) -> ranOn.add(Thread.currentThread()));
        for (int run = 0; run < 2; run++) {
            Model m = Models.mlp(4, 64, "tanh", Init.lecun(), BlockKind.RESIDUAL).inputs(64).outputs(3).seed(3).build();
            Optimizer opt = Optimizer.sgd(0.1);
            try (ProbeSession s = Probes.all().with(where).every(1).maxSteps(3).attach(m)) {
                for (int step = 0; step < 8; step++) {
                    m.lossAndBackward(x, y);
                    opt.step(m.params());
                }
                tables[run] = s.table();
                histograms[run] = s.histogramTable();
                assertEquals(4, s.log().every(), "thinned twice, deterministically: steps 0 and 4 kept");
            }
        }
        assertTrue(tables[0].rowCount() > 100, "rows of every probe: " + tables[0].rowCount());
        assertEquals(Set.of(0, 4), Set.copyOf(tables[0].intColumn("step").asList()));
        for (String column : List.of("step", "layer", "layer_index", "metric", "value")) {
            assertEquals(tables[0].column(column).asList(), tables[1].column(column).asList(), column + ", row by row");
        }
        assertTrue(histograms[0].rowCount() > 0);
        for (String column : List.of("step", "layer", "kind", "bin_lo", "count")) {
            assertEquals(histograms[0].column(column).asList(), histograms[1].column(column).asList(), "histograms' " + column);
        }
        assertEquals(Set.of(Thread.currentThread()), ranOn, "probes run on the thread that trains");
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().contains("probe")), "no probe thread");
    }
}
