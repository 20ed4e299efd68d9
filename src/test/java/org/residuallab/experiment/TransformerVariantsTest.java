package org.residuallab.experiment;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.residuallab.data.SequenceTasks;
import org.residuallab.data.Split;
import org.residuallab.nn.TransformerBlock.Variant;
import org.residuallab.probe.ProbeMetrics;
import org.residuallab.train.StepEvent;
import org.residuallab.train.TrainConfig;
import org.residuallab.train.TrainResult;
import org.residuallab.train.TrainingListener;
import tech.tablesaw.api.Table;

/** Transformer variants trained under identical conditions, with and without warm-up, over seeds. */
class TransformerVariantsTest {
    private static final Split DATA = SequenceTasks.reverse(200, 3, 1).split(0.2, 1);

    private static TransformerVariants small() {
        return TransformerVariants.of(DATA).layers(2).width(16).heads(2)
                .config(TrainConfig.builder().steps(20).batchSize(16).optimizer("adam").learningRate(3e-3).evalEvery(20).build());
    }

    @Test
    void everyVariantWarmUpAndSeedIsOneRunUnderItsOwnName() {
        TransformerVariantsResult r = small().variants(Variant.POST_LN, Variant.PRE_LN).warmups(0, 10).seeds(1, 2).run();
        assertEquals(8, r.runs().size());
        TransformerVariantsResult.Run run = r.run(Variant.POST_LN, 10, 2);
        assertEquals("post-ln-warmup10-seed2", run.model());
        assertEquals(10L, run.result().config().get("warmup_steps"));
        assertEquals(2L, run.result().config().get("train_seed"));
        assertEquals("post-LN, warm-up 10", run.arm());
        assertEquals(20, run.result().stepsDone());
        assertEquals(TrainResult.Status.COMPLETED, run.result().status());
        assertEquals(20, run.trained().steps());
        Table t = r.table();
        assertEquals(8, t.rowCount());
        assertEquals(List.of("variant", "warmup", "seed", "final_train_loss", "accuracy", "solved", "status"), t.columnNames());
        Table s = r.summary();
        assertEquals(4, s.rowCount());
        assertEquals(List.of("post-LN, no warm-up", "post-LN, warm-up 10", "pre-LN, no warm-up", "pre-LN, warm-up 10"), s.stringColumn("arm").asList());
        assertEquals(2, r.finalLosses(Variant.PRE_LN, 0).length);
        assertNotNull(r.lossChart(1));
    }

    @Test
    void runsOfOneSeedStartFromTheSameWeightsAndBatches() {
        TransformerVariantsResult r = small().variants(Variant.PRE_LN).warmups(0, 10).seeds(3).run();
        double first0 = r.run(Variant.PRE_LN, 0, 3).result().history().losses()[0];
        double first10 = r.run(Variant.PRE_LN, 10, 3).result().history().losses()[0];
        assertEquals(first0, first10, 0.0, "step 0 is taken before any update: same weights, same batch");
        double second0 = r.run(Variant.PRE_LN, 0, 3).result().history().losses()[1];
        double second10 = r.run(Variant.PRE_LN, 10, 3).result().history().losses()[1];
        assertNotEquals(second0, second10, "the warm-up changed the first update");
    }

    @Test
    void gradientsAtInitialisationAreStepZeroOfTheProbes() {
        TransformerVariantsResult r = small().variants(Variant.POST_LN, Variant.PRE_LN).seeds(1).run();
        double ratio = r.gradientRatioAtInit(Variant.PRE_LN, 1, ProbeMetrics.WEIGHT_GRAD_L2);
        assertTrue(Double.isFinite(ratio) && ratio > 0, "ratio " + ratio);
        Table p = r.probes();
        assertTrue(p.intColumn("step").asList().contains(10), "every 10th step");
        assertEquals(2, p.intColumn("depth").getInt(0));
    }

    @Test
    void reZeroRunsReportTheirLearnedBranchScalesAndEveryRunItsStepsToALoss() {
        TransformerVariantsResult r = small().variants(Variant.REZERO, Variant.PRE_LN).seeds(1).run();
        double[] alphas = r.run(Variant.REZERO, 0, 1).alphas();
        assertEquals(4, alphas.length, "2 blocks × (attention, MLP)");
        for (double a : alphas) assertNotEquals(0.0, a, "α moved away from 0");
        for (double a : r.run(Variant.PRE_LN, 0, 1).alphas()) assertEquals(1.0, a, 0.0);
        TransformerVariantsResult.Run pre = r.run(Variant.PRE_LN, 0, 1);
        assertEquals(-1, pre.stepsToLoss(0.0), "never below 0");
        long s = pre.stepsToLoss(100);
        assertEquals(9, s, "the first 10-step mean is at step 9");
        assertArrayEquals(new long[] {s}, r.stepsToLoss(Variant.PRE_LN, 0, 100));
    }

    @Test
    void theListenerHearsEveryRun() {
        int[] steps = {0};
        small().variants(Variant.REZERO).seeds(1, 2).listener(new TrainingListener() {
            @Override public void onStep(StepEvent e) { steps[0]++; }
        }).run();
        assertEquals(40, steps[0]);
    }

    @Test
    void badChoicesAreNamedErrors() {
        assertThrows(IllegalArgumentException.class, () -> small().variants());
        assertThrows(IllegalArgumentException.class, () -> small().warmups(-1));
        assertThrows(IllegalArgumentException.class, () -> small().seeds());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransformerVariants.of(org.residuallab.data.Datasets.spirals(10, 3, 0.1, 1).split(0.2, 1)));
        assertTrue(e.getMessage().contains("sequence task"), e.getMessage());
        TransformerVariantsResult r = small().variants(Variant.PRE_LN).seeds(1).run();
        e = assertThrows(IllegalArgumentException.class, () -> r.run(Variant.POST_LN, 0, 1));
        assertTrue(e.getMessage().contains("pre-ln-warmup0-seed1"), e.getMessage());
    }
}
