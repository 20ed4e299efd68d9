package org.residuallab.notebook;

import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.residuallab.train.StepEvent;
import org.residuallab.train.TrainConfig;
import org.residuallab.train.TrainResult;
import org.residuallab.train.TrainingListener;

/**
 * A {@link LiveProgress} bar for every training run a {@code Trainer} makes, so a {@code Compare} or a
 * {@code DepthSweep} shows one bar per model, each ending as its summary line. Live HTML in a notebook
 * where {@link Lab#init()} ran, console lines elsewhere; the stop button ends the run at the next step.
 * <pre>Compare.plainVsResidual(recipe).data(spirals).config(config).listener(TrainingProgress.perRun()).run();</pre>
 */
public final class TrainingProgress implements TrainingListener {
    private final Supplier<ProgressSink> sinks;
    private final LongSupplier nanos;
    private LiveProgress bar;

    TrainingProgress(Supplier<ProgressSink> sinks, LongSupplier nanos) {
        this.sinks = sinks;
        this.nanos = nanos;
    }

    /** One bar per training run, labelled with the model's name. */
    public static TrainingProgress perRun() {
        return new TrainingProgress(Lab::progressSink, System::nanoTime);
    }

    @Override
    public void onStart(String model, TrainConfig config, long totalSteps) {
        if (bar != null) bar.close();
        bar = new LiveProgress(model, Math.max(1, totalSteps), sinks.get(), nanos);
    }

    /** Moves the bar; throws CancellationException when the notebook's stop button interrupted the thread. */
    @Override
    public void onStep(StepEvent e) {
        if (bar == null) throw new IllegalStateException("training progress: a step of '" + e.model() + "' arrived before its run started");
        bar.stepTo(Math.min(e.done(), bar.total()), e.loss());
    }

    @Override
    public void onEnd(TrainResult result) {
        if (bar != null) bar.close();
        bar = null;
    }

    /** The bar of the run in progress, or null between runs. */
    public LiveProgress current() {
        return bar;
    }
}
