package org.residuallab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.residuallab.data.Dataset;
import org.residuallab.data.Datasets;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.train.TrainConfig;
import org.residuallab.train.TrainResult;
import org.residuallab.train.Trainer;

class TrainingProgressTest {
    private static final Dataset DATA = Datasets.spirals(10, 3, 0.1, 1);
    private final ProgressTest.Recorder sink = new ProgressTest.Recorder();
    private long now;

    private TrainResult train(String name, long steps) {
        Model m = Models.mlp(2, 8, "tanh", Init.glorotUniform(), BlockKind.RESIDUAL).inputs(2).outputs(3).seed(1).name(name).build();
        TrainingProgress progress = new TrainingProgress(() -> sink, () -> now += 10_000_000L);
        return Trainer.of(TrainConfig.builder().steps(steps).batchSize(10).learningRate(0.1).seed(1).build()).listener(progress).fit(m, DATA);
    }

    @Test
    void aTrainingRunShowsABarThatEndsAsItsSummary() {
        train("tiny", 5);
        assertTrue(sink.text.get(0).startsWith("tiny: 0/5 steps"), sink.text.get(0));
        assertTrue(sink.last);
        assertTrue(sink.text.get(sink.text.size() - 1).startsWith("✔ tiny: 5 steps in "), sink.text.get(sink.text.size() - 1));
    }

    @Test
    void anInterruptedRunSaysSoAndKeepsTheInterruptForTheCaller() {
        Thread.currentThread().interrupt();
        try {
            TrainResult r = train("stopped", 5);
            assertEquals(TrainResult.Status.INTERRUPTED, r.status());
            assertTrue(Thread.currentThread().isInterrupted(), "the listener must not swallow the interrupt");
        } finally {
            Thread.interrupted();
        }
        assertTrue(sink.text.get(sink.text.size() - 1).startsWith("✘ stopped: interrupted at step 0 of 5"), sink.text.get(sink.text.size() - 1));
    }

    @Test
    void onTheConsoleEveryModelEndsWithItsSummaryLine() {
        java.io.StringWriter out = new java.io.StringWriter();
        TrainingProgress console = TrainingProgress.console(new java.io.PrintWriter(out), 60);
        Trainer trainer = Trainer.of(TrainConfig.builder().steps(3).batchSize(10).learningRate(0.1).seed(1).build()).listener(console);
        for (String name : new String[] {"first", "second"}) {
            trainer.fit(Models.mlp(2, 8, "tanh", Init.glorotUniform(), BlockKind.RESIDUAL).inputs(2).outputs(3).seed(1).name(name).build(), DATA);
        }
        List<String> lines = out.toString().lines().toList();
        assertEquals(2, lines.size(), out.toString());
        assertTrue(lines.get(0).startsWith("✔ first: 3 steps in ") && lines.get(0).contains(" · loss "), lines.get(0));
        assertTrue(lines.get(1).startsWith("✔ second: 3 steps in "), lines.get(1));
    }

    @Test
    void modelsTrainedAtOnceEachKeepTheirOwnBar() {
        List<ProgressTest.Recorder> sinks = new java.util.ArrayList<>();
        TrainingProgress progress = new TrainingProgress(() -> {
            ProgressTest.Recorder r = new ProgressTest.Recorder();
            sinks.add(r);
            return r;
        }, () -> now += 10_000_000L);
        TrainConfig config = TrainConfig.builder().steps(2).batchSize(10).build();
        progress.onStart("plain", config, 2);
        progress.onStart("residual", config, 2);
        for (int i = 1; i <= 2; i++) {   // interleaved, as Compare.threads(2) delivers them
            progress.onStep(new org.residuallab.train.StepEvent("plain", i - 1, i, 2, 0, 1.0 / i, 10, 0.1));
            progress.onStep(new org.residuallab.train.StepEvent("residual", i - 1, i, 2, 0, 0.5 / i, 10, 0.1));
        }
        Model m = Models.mlp(2, 8, "tanh", Init.glorotUniform(), BlockKind.RESIDUAL).inputs(2).outputs(3).seed(1).name("residual").build();
        progress.onEnd(Trainer.of(config).fit(m, DATA));   // a finished result named "residual"
        assertEquals(2, sinks.size(), "one bar per model");
        assertTrue(sinks.get(1).last && sinks.get(1).text.get(sinks.get(1).text.size() - 1).startsWith("✔ residual: 2 steps"), sinks.get(1).text.toString());
        assertTrue(!sinks.get(0).last && sinks.get(0).text.get(sinks.get(0).text.size() - 1).startsWith("plain: 2/2 steps"), sinks.get(0).text.toString());
    }
}
