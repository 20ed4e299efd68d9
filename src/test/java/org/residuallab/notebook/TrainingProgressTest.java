package org.residuallab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.residuallab.data.Dataset;
import org.residuallab.data.Datasets;
import org.residuallab.experiment.Compare;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Models;
import org.residuallab.probe.Probes;
import org.residuallab.train.TrainConfig;
import org.residuallab.train.Trainer;

class TrainingProgressTest {
    private final List<LiveProgressTest.Recorder> sinks = new ArrayList<>();
    private long now;

    private TrainingProgress progress() {
        return new TrainingProgress(() -> {
            LiveProgressTest.Recorder r = new LiveProgressTest.Recorder();
            sinks.add(r);
            return r;
        }, () -> now += 1_000_000L);
    }

    @Test
    void everyModelOfAComparisonGetsItsOwnBarThatEndsAsASummaryLine() {
        TrainingProgress p = progress();
        Compare.plainVsResidual(Models.mlp(2, 4, "tanh", Init.lecun(), BlockKind.RESIDUAL))
                .data(Datasets.xor(32, 0.0, 1))
                .config(TrainConfig.builder().steps(5).batchSize(8).build())
                .probes(Probes.gradients())
                .listener(p)
                .run();
        assertEquals(2, sinks.size());
        for (LiveProgressTest.Recorder r : sinks) {
            assertTrue(r.last, "closed");
            String summary = r.text.get(r.text.size() - 1);
            assertTrue(summary.startsWith("✔ ") && summary.contains(": 5 steps in "), summary);
        }
        assertTrue(sinks.get(0).text.get(0).startsWith("plain-tanh-d2: "), sinks.get(0).text.get(0));
        assertTrue(sinks.get(1).text.get(0).startsWith("residual-tanh-d2: "), sinks.get(1).text.get(0));
        assertNull(p.current());
    }

    @Test
    void anInterruptStopsTrainingAtTheNextStep() {
        TrainingProgress p = progress();
        Dataset data = Datasets.xor(32, 0.0, 1);
        Trainer trainer = Trainer.of(TrainConfig.builder().steps(50).batchSize(8).build())
                .listener(e -> { if (e.done() == 3) Thread.currentThread().interrupt(); })
                .listener(p);
        try {
            assertThrows(CancellationException.class,
                    () -> trainer.fit(Models.mlp(1, 4, "tanh", Init.lecun(), BlockKind.PLAIN).inputs(2).outputs(2).build(), data));
        } finally {
            Thread.interrupted();
        }
        LiveProgressTest.Recorder r = sinks.get(0);
        assertTrue(r.last);
        assertTrue(r.text.get(r.text.size() - 1).contains("interrupted at step 3 of 50"), r.text.get(r.text.size() - 1));
    }
}
