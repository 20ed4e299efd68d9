package org.residuallab.notebook;

import java.util.function.LongSupplier;
import org.residuallab.train.StepEvent;
import org.residuallab.train.TrainConfig;
import org.residuallab.train.TrainResult;
import org.residuallab.train.TrainingListener;

/**
 * A {@link LiveProgress} bar for every model a trainer, {@code Compare} or {@code DepthSweep} trains:
 * each bar updates in place and ends as the run's summary line (completed, interrupted or diverged).
 * The trainer itself stops on the notebook's stop button and keeps the partial result; IJava ends the
 * cell at once, so an interrupted bar may keep its last state in the notebook.
 * <pre>Compare.plainVsResidual(recipe).data(spirals).listener(Lab.trainingProgress()).run()</pre>
 */
public final class TrainingProgress implements TrainingListener {
    private final java.util.function.Supplier<ProgressSink> sinks;
    private final LongSupplier nanos;
    private LiveProgress bar;

    TrainingProgress(java.util.function.Supplier<ProgressSink> sinks, LongSupplier nanos) {
        this.sinks = sinks;
        this.nanos = nanos;
    }

    /** Bars in the notebook where {@link Lab#init()} ran in a kernel, console lines elsewhere. */
    public static TrainingProgress create() {
        return new TrainingProgress(Lab::progressSink, System::nanoTime);
    }

    @Override
    public void onStart(String model, TrainConfig config, long totalSteps) {
        if (bar != null) bar.close();
        bar = new LiveProgress(model, Math.max(1, totalSteps), sinks.get(), nanos, false);
    }

    @Override
    public void onStep(StepEvent e) {
        if (bar != null) bar.stepTo(e.done(), e.loss());
    }

    @Override
    public void onEnd(TrainResult result) {
        if (bar == null) return;
        // an interrupted thread cannot write to the kernel's sockets: clear the flag to draw, then restore it
        boolean interrupted = Thread.interrupted();
        try {
            switch (result.status()) {
                case INTERRUPTED: bar.closeAs("interrupted"); break;
                case DIVERGED: bar.closeAs("diverged"); break;
                default: bar.close();
            }
        } finally {
            bar = null;
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
