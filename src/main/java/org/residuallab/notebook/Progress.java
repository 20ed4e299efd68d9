package org.residuallab.notebook;

import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.LongSupplier;

/**
 * The progress of a training loop: step, loss, steps/s and time left, written to a {@link ProgressSink} (the
 * notebook's display, updated in place, or a console line every few seconds); closing it leaves one summary line.
 * Each step also checks the thread's interrupt flag, so the notebook's stop button ends the loop.
 * {@link TrainingProgress} gives every model a trainer trains its own.
 * <pre>try (Progress bar = Lab.progress("residual d20", 300)) {
 *     for (int s = 0; s &lt; 300; s++) bar.step(model.lossAndBackward(x, y));
 * }</pre>
 */
public final class Progress implements AutoCloseable {
    private static final long REFRESH_NANOS = 200_000_000L;

    private final String label;
    private final long total;
    private final ProgressSink sink;
    private final LongSupplier nanos;
    private final long started;
    private long done, lastShown = Long.MIN_VALUE;
    private final boolean watchInterrupt;
    private double firstLoss = Double.NaN, loss = Double.NaN;
    private boolean closed;
    private String stoppedBy;   // "interrupted", "diverged", or null

    Progress(String label, long total, ProgressSink sink, LongSupplier nanos) {
        this(label, total, sink, nanos, true);
    }

    /** {@code watchInterrupt}: step() turns a thread interrupt into a CancellationException (off when a trainer handles it). */
    Progress(String label, long total, ProgressSink sink, LongSupplier nanos, boolean watchInterrupt) {
        if (total < 1) throw new IllegalArgumentException("progress '" + label + "': total steps must be >= 1 but was " + total);
        this.label = label == null ? "" : label;
        this.total = total;
        this.sink = sink;
        this.nanos = nanos;
        this.watchInterrupt = watchInterrupt;
        this.started = nanos.getAsLong();
        show(false);
    }

    /** A bar for {@code totalSteps} steps: live HTML in an IJava kernel where {@link Lab#init()} ran, console lines elsewhere. */
    public static Progress start(String label, long totalSteps) {
        return new Progress(label, totalSteps, Lab.progressSink(), System::nanoTime);
    }

    /** One more step done, with its loss. Throws CancellationException if the thread was interrupted. */
    public Progress step(double loss) {
        return stepTo(done + 1, loss);
    }

    /** {@code done} steps done so far, the latest with {@code loss}. */
    public Progress stepTo(long done, double loss) {
        if (closed) throw new IllegalStateException("progress '" + label + "' is already closed");
        if (done < this.done || done > total) {
            throw new IllegalArgumentException("progress '" + label + "': step " + done + " is outside " + this.done + ".." + total);
        }
        if (Double.isNaN(firstLoss)) firstLoss = loss;
        this.done = done;
        this.loss = loss;
        if (watchInterrupt && Thread.interrupted()) { // clears the flag: an interrupted thread cannot write to the kernel's sockets
            closeAs("interrupted");
            throw new CancellationException("interrupted at step " + done + " of " + total + " (" + label + ")");
        }
        long now = nanos.getAsLong();
        if (now - lastShown >= REFRESH_NANOS || done == total) show(false);
        return this;
    }

    /** Replaces the bar by its summary line (idempotent). */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        show(true);
    }

    /** Closes with a summary saying the run was stopped early: {@code how} is "interrupted" or "diverged". */
    void closeAs(String how) {
        if (!closed) stoppedBy = how;
        close();
    }

    public long done() {
        return done;
    }

    public long total() {
        return total;
    }

    /** The latest loss given, NaN before the first step. */
    public double loss() {
        return loss;
    }

    public double elapsedSeconds() {
        return (nanos.getAsLong() - started) / 1e9;
    }

    public double stepsPerSecond() {
        double s = elapsedSeconds();
        return s > 0 ? done / s : 0;
    }

    /** The current state as one line of text (the summary once closed). */
    public String text() {
        if (closed) return summary();
        double rate = stepsPerSecond();
        String left = done > 0 && rate > 0 ? duration((total - done) / rate) + " left" : "starting";
        return String.format(Locale.ROOT, "%s%d/%d steps · loss %s · %.1f steps/s · %s",
                prefix(), done, total, TableHtml.format(loss), rate, left);
    }

    /** The current state as HTML: a bar with the text beside it, or the summary line once closed. */
    public String html() {
        return html(text());
    }

    private String html(String text) {
        String style = "font-family:monospace;font-size:13px;margin:2px 0";
        if (closed) return "<div class=\"rl-progress-done\" style=\"" + style + "\">" + TableHtml.escape(text) + "</div>";
        return "<div class=\"rl-progress\" style=\"" + style + "\"><progress value=\"" + done + "\" max=\"" + total
                + "\" style=\"width:220px;vertical-align:middle\"></progress> " + TableHtml.escape(text) + "</div>";
    }

    private String summary() {
        double secs = elapsedSeconds();
        String how = stoppedBy == null && done == total ? "✔ " + prefix() + done + " steps"
                : "✘ " + prefix() + (stoppedBy == null ? "stopped" : stoppedBy) + " at step " + done + " of " + total;
        String losses = done == 0 ? "no loss recorded" : "loss " + TableHtml.format(firstLoss) + " → " + TableHtml.format(loss);
        return String.format(Locale.ROOT, "%s in %s (%.1f steps/s) · %s", how, duration(secs), stepsPerSecond(), losses);
    }

    private String prefix() {
        return label.isEmpty() ? "" : label + ": ";
    }

    private void show(boolean last) {
        lastShown = nanos.getAsLong();
        String text = text();
        sink.render(html(text), text, last);
    }

    /** 0.4 s, 12.3 s, 2m 05s, 1h 02m. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) return "?";
        if (seconds < 60) return String.format(Locale.ROOT, "%.1f s", seconds);
        long s = Math.round(seconds);
        if (s < 3600) return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
    }

    @Override
    public String toString() {
        return text();
    }
}
