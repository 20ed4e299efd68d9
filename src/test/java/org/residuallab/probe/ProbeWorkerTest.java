package org.residuallab.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Statistics computed later (on the probe thread where there is one) see the arrays as they were, in order. */
class ProbeWorkerTest {
    private final AtomicLong clock = new AtomicLong();

    private ProbeTarget target() {
        return new ProbeTarget(List.of(), clock::get, new ProbeLog("run", "m", 0, 1, 500, 1, 20), 4, false, ProbeWorker.ASYNC);
    }

    @Test
    void copiesAreTakenWhenAskedSoLaterChangesToTheArrayDoNotLeakIn() {
        ProbeTarget t = target();
        INDArray x = Nd4j.ones(DataType.FLOAT, 8, 16);
        for (int i = 0; i < 50; i++) {
            long step = i;
            clock.set(step);
            t.withCopies(v -> t.record(step, "x", 0, "mean", Stats.summary(v[0])[4]), x);
            t.withCopies(v -> t.record(step, "x", 0, "max", Stats.summary(v[0])[3]), x); // shares the copy above
            x.addi(1); // the next step changes the array right away
        }
        ProbeLog log = t.log();
        assertEquals(100, log.size());
        for (int i = 0; i < 50; i++) {
            assertEquals(i, log.step(2 * i), "records stay in the order they were asked for");
            assertEquals(1.0 + i, log.value(2 * i), 0);
            assertEquals(1.0 + i, log.value(2 * i + 1), 0);
        }
    }

    @Test
    void aFailureWhileComputingIsReportedByTheNextReadAndNothingBeforeItIsLost() {
        ProbeTarget t = target();
        t.record(0, "a", 0, "m", 1.0);
        t.later(() -> {
            throw new ArithmeticException("boom in a probe");
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, t::log);
        assertTrue(e.getMessage().contains("boom in a probe"), e.getMessage());
        assertEquals(1, t.log().size(), "the record queued before the failure is kept");
    }

    @Test
    void anInterruptedReaderStillGetsEveryRecordAndKeepsItsInterrupt() {
        ProbeTarget t = target();
        INDArray x = Nd4j.rand(DataType.FLOAT, 64, 128);
        for (int i = 0; i < 200; i++) {
            long step = i;
            clock.set(step);
            t.withCopies(v -> t.record(step, "x", 0, "l2", Stats.summary(v[0])[0]), x);
        }
        Thread.currentThread().interrupt();
        try {
            assertEquals(200, t.log().size());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void pooledCopiesAreReturnedSoTheWaitingBudgetDoesNotShrink() {
        ProbeTarget t = target();
        INDArray big = Nd4j.zeros(DataType.FLOAT, 1024, 1024); // 1 M elements, 1/8 of the budget
        for (int i = 0; i < 40; i++) { // 5 budgets' worth: would block if copies leaked
            clock.set(i);
            t.withCopies(v -> { }, big);
        }
        t.log();
        INDArray shared = Nd4j.zeros(DataType.FLOAT, 256, 256); // small enough to be shared within a step
        for (int i = 0; i < 300; i++) { // 2.4 budgets' worth of shared copies
            clock.set(100 + i);
            t.withCopies(v -> { }, shared, shared);
            t.withCopies(v -> { }, shared);
        }
        assertEquals(0, t.log().size());
    }

    @Test
    void workReadingInPlaceIsDoneWhenTheStepEndsAndLaterWorkSeesItsResult() {
        ProbeTarget t = new ProbeTarget(List.of(), clock::get, new ProbeLog("run", "m", 0, 1, 500, 1, 20), 4, true, ProbeWorker.ASYNC);
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        INDArray x = Nd4j.ones(DataType.FLOAT, 64, 64);
        for (int i = 0; i < 300; i++) t.live(() -> { Stats.summary(x); done.incrementAndGet(); });
        t.awaitLive();
        assertEquals(300, done.get(), "all in-place work done when the step ends");
        double[] r = new double[1];
        t.live(() -> r[0] = Stats.summary(x)[0]);
        t.later(() -> t.record(0, "x", 0, "l2", r[0]));
        t.awaitLive(); // the step ends
        x.assign(2); // after the step: must not leak into the row
        ProbeLog log = t.log();
        assertEquals(1, log.size());
        assertEquals(64.0, log.value(0), 1e-9);
    }

    @Test
    void laterWorkSeesInPlaceResultsAlsoWhenTheTrainingThreadRanThemAtTheStepsEnd() {
        // the step's end runs in-place work the probe thread has not started; work queued after it must still see its result
        ProbeTarget t = new ProbeTarget(List.of(), clock::get, new ProbeLog("run", "m", 0, 1, 1_000_000, 1, 20), 4, true, ProbeWorker.ASYNC);
        INDArray x = Nd4j.rand(DataType.FLOAT, 64, 64);
        double expected = Stats.summary(x)[0];
        int steps = 400, perStep = 24;
        for (int i = 0; i < steps; i++) {
            long step = i;
            for (int j = 0; j < perStep; j++) {
                double[] r = new double[1];
                t.live(() -> r[0] = Stats.summary(x)[0]);
                t.later(() -> {
                    if (r[0] == 0) throw new IllegalStateException("ran before the in-place work it reads");
                    t.record(step, "x", 0, "l2", r[0]);
                });
            }
            t.awaitLive();
        }
        ProbeLog log = t.log();
        assertEquals(steps * perStep, log.size());
        for (int i = 0; i < log.size(); i++) assertEquals(expected, log.value(i), 1e-6 * expected);
    }
}
