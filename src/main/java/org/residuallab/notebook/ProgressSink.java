package org.residuallab.notebook;

/**
 * Where a {@link LiveProgress} shows itself: a notebook display updated in place, or the console.
 * The first call shows, later calls replace what was shown; {@code last} marks the final summary.
 */
public interface ProgressSink {
    void render(String html, String text, boolean last);
}
