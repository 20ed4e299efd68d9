package org.residuallab.cli;

import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.residuallab.train.StepEvent;
import org.residuallab.train.TrainingListener;

/**
 * A terminal progress bar over every training step of a command (all models together); it appears only
 * once the work has taken more than a second, so quick runs print nothing.
 */
final class Progress implements TrainingListener, AutoCloseable {
    private final long showAfterNanos;
    private final String task;
    private final long total;
    private final PrintWriter err;
    private final long start = System.nanoTime();
    private long done;
    private ProgressBar bar;
    private boolean shown;

    Progress(String task, long totalSteps, PrintWriter err) {
        this(task, totalSteps, err, 1_000_000_000L);
    }

    /** A bar that appears once {@code showAfterNanos} have passed since construction. */
    Progress(String task, long totalSteps, PrintWriter err, long showAfterNanos) {
        this.showAfterNanos = showAfterNanos;
        this.task = task;
        this.total = Math.max(1, totalSteps);
        this.err = err;
    }

    @Override
    public void onStep(StepEvent e) {
        done++;
        if (bar == null && !shown && System.nanoTime() - start >= showAfterNanos) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250).setMaxRenderedLength(100)
                .setConsumer(new DelegatingProgressBarConsumer(line -> {
                    err.print('\r' + line);
                    err.flush();
                }, 100))
                .build();
            shown = true;
        }
        if (bar != null) {
            bar.stepTo(Math.min(done, total));
            bar.setExtraMessage(String.format(Locale.ROOT, "%s loss %.3f", e.model(), e.loss()));
            if (done >= total) stop();   // training is over: the bar stops before the charts are drawn
        }
    }

    /** Whether the bar has been shown (the work took more than a second). */
    boolean shown() {
        return shown;
    }

    @Override
    public void close() {
        stop();
    }

    /** Finishes the bar's line (if it is up); later steps do not bring it back. */
    void stop() {
        if (bar != null) {
            bar.close();
            bar = null;
            err.println();
            err.flush();
        }
    }
}
