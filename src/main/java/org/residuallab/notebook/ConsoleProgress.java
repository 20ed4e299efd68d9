package org.residuallab.notebook;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/** A {@link ProgressSink} for a terminal or a log: one text line at most every few seconds, and the summary. */
final class ConsoleProgress implements ProgressSink {
    private final PrintStream out;
    private final LongSupplier nanos;
    private final long intervalNanos;
    private long lastPrinted = Long.MIN_VALUE;

    ConsoleProgress(PrintStream out, LongSupplier nanos, double intervalSeconds) {
        this.out = out;
        this.nanos = nanos;
        this.intervalNanos = (long) (intervalSeconds * 1e9);
    }

    @Override
    public void render(String html, String text, boolean last) {
        long now = nanos.getAsLong();
        if (!last && lastPrinted != Long.MIN_VALUE && now - lastPrinted < intervalNanos) return;
        lastPrinted = now;
        out.println(text);
    }
}
