package org.residuallab.probe;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.data.Batches;
import org.residuallab.data.Dataset;
import org.residuallab.data.Datasets;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Hook;
import org.residuallab.nn.Init;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.nn.Optimizer;
import tech.tablesaw.api.Table;

/** Writing a probe of your own, as in a notebook cell: the Probe interface and what it is told. */
class ProbeTest {
    private static final Dataset DATA = Datasets.spirals(20, 3, 0.1, 1);

    private static Model model() {
        return Models.mlp(3, 8, "tanh", Init.lecun(), BlockKind.RESIDUAL).inputs(2).outputs(3).seed(5).build();
    }

    private static void train(Model m, int steps) {
        Batches b = DATA.batches(16, 1);
        Optimizer opt = Optimizer.sgd(0.1);
        for (int i = 0; i < steps; i++) {
            Batches.Batch batch = b.next();
            m.lossAndBackward(batch.x(), batch.y());
            opt.step(m.params());
            m.predict(batch.x()); // an evaluation pass: not recorded
        }
    }

    private static Table rows(Table t, String metric) {
        return t.where(t.stringColumn("metric").isEqualTo(metric));
    }

    @Test
    void aStudentsOneLinerRecordsEveryUnitAtEveryTenthStepByDefault() {
        Model m = model();
        Map<String, List<Double>> expected = new HashMap<>(); // each unit's max |output| of training passes, step by step
        for (Layer unit : m.net().children()) {
            unit.addHook(new Hook() {
                @Override
                public void onForward(Layer layer, INDArray in, INDArray out) {
                    if (layer.isTraining()) expected.computeIfAbsent(layer.path(), k -> new ArrayList<>()).add(out.amaxNumber().doubleValue());
                }
            });
        }
        Probe maxOut = Probe.forward((at, in, out) -> at.record("out_max_abs", out.amaxNumber().doubleValue()));
        Table t;
        try (ProbeSession s = Probes.of(maxOut).attach(m)) {
            train(m, 25);
            t = s.table();
        }
        assertEquals(Set.of(0, 10, 20), Set.copyOf(t.intColumn("step").asList()), "the default cadence: every 10th step");
        assertEquals(3 * 5, t.rowCount(), "one row per unit (stem, three blocks, head) and recorded step");
        for (int i = 0; i < t.rowCount(); i++) {
            String layer = t.stringColumn("layer").get(i);
            int step = t.intColumn("step").get(i);
            assertEquals(expected.get(layer).get(step), t.doubleColumn("value").get(i), 0, layer + " at step " + step);
            assertEquals(List.of("dense1", "block1", "block2", "block3", "head").indexOf(layer), t.intColumn("layer_index").get(i), layer);
        }
    }

    @Test
    void anAnonymousProbeAddedToTheBuiltInsRecordsBesideThem() {
        Model m = model();
        Probe gradMean = new Probe() {
            @Override
            public void onBackward(ProbeContext at, INDArray dOut, INDArray dX) {
                at.record("out_grad_mean", dOut.meanNumber().doubleValue());
            }
        };
        Table t;
        try (ProbeSession s = Probes.all().with(gradMean).every(5).attach(m)) {
            train(m, 6);
            t = s.table();
        }
        Table mine = rows(t, "out_grad_mean");
        assertEquals(List.of("head", "block3", "block2", "block1", "dense1"), mine.where(mine.intColumn("step").isEqualTo(0))
                .stringColumn("layer").asList(), "backward runs head first");
        assertEquals(Set.of(0, 5), Set.copyOf(mine.intColumn("step").asList()));
        assertTrue(rows(t, ProbeMetrics.OUT_GRAD_L2).rowCount() > 0 && rows(t, ProbeMetrics.UPDATE_RATIO_LOG10).rowCount() > 0);
    }

    @Test
    void closingTheSessionDetachesEveryHookAndLaterStepsRecordNothing() {
        Model m = model();
        ProbeSession s = Probes.all().with(Probe.forward((at, in, out) -> at.record("seen", 1))).every(1).attach(m);
        train(m, 2);
        int recorded = s.table().rowCount();
        s.close();
        assertFalse(s.isAttached());
        assertEquals(0, s.hookCount());
        assertNoHooks(m.net());
        train(m, 2);
        assertEquals(recorded, s.table().rowCount(), "the table stays readable and unchanged");
    }

    private static void assertNoHooks(Layer l) {
        assertFalse(l.hasHooks(), l.describe() + " still has hooks");
        for (Layer c : l.children()) assertNoHooks(c);
    }

    @Test
    void onStepRunsEveryTrainingStepAndSaysWhichStepsAreRecorded() {
        Model m = model();
        List<String> calls = new ArrayList<>();
        Probe steps = new Probe() {
            @Override
            public void onStep(ProbeContext at) {
                if (at.layerIndex() == 0) calls.add(at.step() + (at.recording() ? " recorded" : ""));
            }

            @Override
            public void onForward(ProbeContext at, INDArray in, INDArray out) {
                if (at.layerIndex() == 0) calls.add("forward " + at.step());
            }
        };
        try (ProbeSession s = Probes.of(steps).every(3).attach(m)) {
            train(m, 5);
        }
        assertEquals(List.of("0 recorded", "forward 0", "1", "2", "3 recorded", "forward 3", "4"), calls,
                "once per training step; evaluation passes and steps off the cadence call no pass method");
    }

    @Test
    void aProbeCanWatchLayersInsideAUnitAndKeepSomethingFromStepToStep() {
        Model m = model();
        Probe meanChange = new Probe() {
            @Override
            public List<Layer> watch(Unit unit) {
                return unit.activations();
            }

            @Override
            public void onForward(ProbeContext at, INDArray in, INDArray out) {
                double[] last = at.state(() -> new double[] {Double.NaN}); // this layer's mean at the last recorded step
                double mean = out.meanNumber().doubleValue();
                if (!Double.isNaN(last[0])) at.record("act_mean_change", mean - last[0]);
                last[0] = mean;
            }
        };
        Table t;
        try (ProbeSession s = Probes.of(meanChange).every(2).attach(m)) {
            train(m, 5);
            t = s.table();
        }
        assertEquals(Set.of("block1/body/tanh1", "block2/body/tanh1", "block3/body/tanh1", "head/tanh1"), Set.copyOf(t.stringColumn("layer").asList()));
        assertEquals(Set.of(2, 4), Set.copyOf(t.intColumn("step").asList()), "a change needs a recorded step before it");
        assertEquals(Set.of(1, 2, 3, 4), Set.copyOf(t.intColumn("layer_index").asList()), "rows carry their unit's layer_index");
    }

    @Test
    void aSecondTrainingForwardInTheSameStepIsNotRecordedAgain() {
        Model m = model();
        Batches.Batch b = DATA.batches(16, 1).next();
        try (ProbeSession s = Probes.of(Probe.forward((at, in, out) -> at.record("n", 1))).every(1).attach(m)) {
            m.lossAndBackward(b.x(), b.y());
            m.forward(b.x()); // training mode, same step
            assertEquals(5, s.table().rowCount(), "one row per unit");
        }
    }
}
