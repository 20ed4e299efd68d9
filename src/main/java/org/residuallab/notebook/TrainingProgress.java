package org.residuallab.notebook;

import java.io.PrintWriter;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.residuallab.train.StepEvent;
import org.residuallab.train.TrainConfig;
import org.residuallab.train.TrainResult;
import org.residuallab.train.TrainingListener;

/**
 * A {@link Progress} for every model a trainer, {@code Compare} or {@code DepthSweep} trains: each one updates
 * in place and ends as the run's summary line (completed, interrupted or diverged). Models trained at once
 * ({@code Compare.threads(2)}) have a bar each; call it from one thread (Compare does). The trainer itself stops
 * at the next step on the notebook's stop button (or Ctrl-C on the command line) and keeps the partial result;
 * IJava ends the cell at once, so an interrupted bar may keep its last state in the notebook.
 * <pre>Compare.plainVsResidual(recipe).data(spirals).listener(Lab.trainingProgress()).run()</pre>
 */
public final class TrainingProgress implements TrainingListener {
    private final Supplier<ProgressSink> sinks;
    private final LongSupplier nanos;
    private final java.util.Map<String, Progress> bars = new java.util.LinkedHashMap<>(); // by model: Compare.threads trains several at once

    TrainingProgress(Supplier<ProgressSink> sinks, LongSupplier nanos) {
        this.sinks = sinks;
        this.nanos = nanos;
    }

    /** Bars in the notebook where {@link Lab#init()} ran in a kernel, console lines elsewhere. */
    public static TrainingProgress create() {
        return new TrainingProgress(Lab::progressSink, System::nanoTime);
    }

    /** Lines on {@code out}: one every {@code seconds} while a model trains, then its summary. */
    public static TrainingProgress console(PrintWriter out, double seconds) {
        return new TrainingProgress(() -> ProgressSink.console(out, seconds), System::nanoTime);
    }

    @Override
    public void onStart(String model, TrainConfig config, long totalSteps) {
        Progress old = bars.remove(model);
        if (old != null) old.close();
        bars.put(model, new Progress(model, Math.max(1, totalSteps), sinks.get(), nanos, false));
    }

    @Override
    public void onStep(StepEvent e) {
        Progress bar = bars.get(e.model());
        if (bar != null) bar.stepTo(e.done(), e.loss());
    }

    @Override
    public void onEnd(TrainResult result) {
        Progress bar = bars.remove(result.model());
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
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
