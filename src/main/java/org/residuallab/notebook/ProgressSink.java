package org.residuallab.notebook;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * Where a {@link Progress} shows itself: the first call shows, later calls replace what was shown, and
 * {@code last} marks the final summary line. The notebook's sink (an HTML display updated in place) lives in
 * {@code notebook.kernel}; {@link #console} writes text lines.
 */
public interface ProgressSink {
    void render(String html, String text, boolean last);

    /** A line on {@code out} once {@code seconds} have passed since the last one (or since the start), and always the summary. */
    static ProgressSink console(PrintWriter out, double seconds) {
        return console(out, System::nanoTime, seconds);
    }

    static ProgressSink console(PrintWriter out, LongSupplier nanos, double seconds) {
        long interval = (long) (seconds * 1e9);
        long[] shown = {nanos.getAsLong()};
        return (html, text, last) -> {
            long now = nanos.getAsLong();
            if (!last && now - shown[0] < interval) return;
            shown[0] = now;
            out.println(text);
            out.flush();
        };
    }
}
