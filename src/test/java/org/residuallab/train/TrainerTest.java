package org.residuallab.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.residuallab.data.Dataset;
import org.residuallab.data.Datasets;
import org.residuallab.data.Split;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;

class TrainerTest {
    private final Split data = Datasets.spirals(30, 3, 0.1, 1).split(0.2, 1);

    private static Model small(long seed) {
        return Models.mlp(2, 16, "tanh", Init.lecun(), BlockKind.RESIDUAL).inputs(2).outputs(3).seed(seed).build();
    }

    private static TrainConfig.Builder config() {
        return TrainConfig.builder().steps(30).batchSize(16).optimizer("adam").learningRate(0.01).seed(3);
    }

    @AfterEach
    void clearInterruptFlag() {
        Thread.interrupted();
    }

    @Test
    void trainingLowersTheLossAndRecordsEveryStep() {
        TrainResult r = Trainer.of(config().steps(60).build()).fit(small(1), data);
        assertEquals(TrainResult.Status.COMPLETED, r.status());
        assertEquals(60, r.stepsDone());
        assertEquals(60, r.history().size());
        assertArrayEquals(java.util.stream.LongStream.range(0, 60).toArray(), r.history().steps());
        Evaluation first = r.history().evaluations().get(0);
        assertTrue(r.finalTrainLoss() < first.trainLoss(), r.toString());
        assertTrue(r.finalTestAccuracy().isPresent());
        assertEquals(59, r.finalEvaluation().step());
    }

    @Test
    void interruptionReturnsThePartialHistory() {
        Trainer t = Trainer.of(config().steps(1000).build()).listener(e -> {
            if (e.done() == 7) Thread.currentThread().interrupt();
        });
        TrainResult r = t.fit(small(1), data);
        assertEquals(TrainResult.Status.INTERRUPTED, r.status());
        assertTrue(r.interrupted());
        assertEquals(7, r.stepsDone());
        assertEquals(7, r.history().size());
        assertTrue(Double.isFinite(r.history().lastLoss()));
        assertNotNull(r.finalEvaluation(), "the partial model is still evaluated");
        assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag stays set for the caller");
    }

    @Test
    void listenersHearEveryStepAndTheEnd() {
        List<StepEvent> steps = new ArrayList<>();
        List<TrainResult> ends = new ArrayList<>();
        long[] total = new long[1];
        Trainer.of(config().epochs(2).build()).listener(new TrainingListener() {
            @Override public void onStart(String model, TrainConfig c, long totalSteps) { total[0] = totalSteps; }
            @Override public void onStep(StepEvent e) { steps.add(e); }
            @Override public void onEnd(TrainResult r) { ends.add(r); }
        }).fit(small(1), data);
        assertEquals(10, total[0], "2 epochs of ceil(72 training rows / 16) = 5 batches");
        assertEquals(total[0], steps.size());
        assertEquals(1, steps.get(5).epoch());
        assertEquals(1.0, steps.get(steps.size() - 1).fraction());
        assertTrue(steps.get(3).examplesPerSecond() > 0);
        assertEquals(1, ends.size());
    }

    @Test
    void theSameSeedsGiveBitIdenticalLosses() {
        TrainResult a = Trainer.of(config().build()).fit(small(4), data);
        TrainResult b = Trainer.of(config().build()).fit(small(4), data);
        TrainResult c = Trainer.of(config().seed(99).build()).fit(small(4), data);
        assertArrayEquals(a.history().losses(), b.history().losses());
        assertFalse(java.util.Arrays.equals(a.history().losses(), c.history().losses()), "another batch order, other losses");
    }

    @Test
    void theResultCarriesTheFullConfiguration() {
        TrainResult r = Trainer.of(config().build()).fit(small(1), data);
        assertEquals("residual", r.config().get("block"));
        assertEquals(2, r.config().get("depth"));
        assertEquals("adam", r.config().get("optimizer"));
        assertEquals(0.01, r.config().get("learning_rate"));
        assertEquals(3L, r.config().get("train_seed"));
        assertEquals(1L, r.config().get("seed"));
        assertEquals(data.train().name(), r.config().get("train_data"));
        assertEquals(List.of("model", "step", "metric", "value"), r.curves().columnNames());
    }

    @Test
    void aDivergingRunStopsWithItsHistory() {
        Model m = Models.mlp(3, 16, "relu", Init.normal(3.0), BlockKind.PLAIN).inputs(2).outputs(3).seed(1).build();
        TrainResult r = Trainer.of(config().optimizer("sgd").learningRate(1e12).steps(50).build()).fit(m, data);
        assertEquals(TrainResult.Status.DIVERGED, r.status());
        assertTrue(r.message().contains("step"), r.message());
        assertTrue(r.stepsDone() < 50);
        assertTrue(Double.isNaN(r.finalTrainLoss()));
    }

    @Test
    void dataOfTheWrongWidthIsANamedError() {
        Dataset wide = Datasets.teacher(10, 5, 3, 4, 1, 0, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.of(config().build()).fit(small(1), wide));
        assertTrue(e.getMessage().contains("takes 2 features") && e.getMessage().contains("has 5"), e.getMessage());
    }

    @Test
    void aConfigNeedsExactlyOneBudget() {
        assertThrows(IllegalArgumentException.class, () -> new TrainConfig(10, 2, 8, "adam", 0.1, "constant", 0, 1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config().optimizer("rmsprop").build());
        assertTrue(e.getMessage().contains("rmsprop"), e.getMessage());
    }
}
