package org.residuallab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class ProgressTest {
    /** A sink that records every render, and a clock the test moves by hand. */
    static final class Recorder implements ProgressSink {
        final List<String> html = new ArrayList<>(), text = new ArrayList<>();
        boolean last;

        @Override
        public void render(String h, String t, boolean isLast) {
            html.add(h);
            text.add(t);
            last = isLast;
        }
    }

    private long now;
    private final Recorder sink = new Recorder();

    private Progress bar(long total) {
        return new Progress("residual", total, sink, () -> now);
    }

    @Test
    void showsABarAtOnceThenAtMostFiveUpdatesASecond() {
        Progress bar = bar(100);
        assertEquals(1, sink.html.size());
        assertTrue(sink.html.get(0).contains("<progress value=\"0\" max=\"100\""));
        for (int s = 0; s < 10; s++) {
            now += 10_000_000L; // 10 ms per step
            bar.step(1.0);
        }
        assertEquals(1, sink.html.size(), "100 ms of steps must not redraw");
        now += 150_000_000L;
        bar.step(0.9);
        assertEquals(2, sink.html.size());
        assertEquals("residual: 11/100 steps · loss 0.9 · 44.0 steps/s · 2.0 s left", sink.text.get(1));
    }

    @Test
    void closingReplacesTheBarWithASummaryLine() {
        Progress bar = bar(3);
        now += 1_000_000_000L;
        bar.step(2.3).step(1.2).step(0.4);
        bar.close();
        bar.close();
        assertTrue(sink.last);
        assertEquals("✔ residual: 3 steps in 1.0 s (3.0 steps/s) · loss 2.3 → 0.4", sink.text.get(sink.text.size() - 1));
        String html = sink.html.get(sink.html.size() - 1);
        assertTrue(html.startsWith("<div class=\"rl-progress-done\""), html);
        assertFalse(html.contains("<progress"), "the final output is a line, not a frozen bar");
    }

    @Test
    void anInterruptedThreadStopsTheLoopAndTheSummarySaysSo() {
        Progress bar = bar(50);
        bar.step(1.0);
        Thread.currentThread().interrupt();
        try {
            CancellationException e = assertThrows(CancellationException.class, () -> bar.step(0.9));
            assertEquals("interrupted at step 2 of 50 (residual)", e.getMessage());
            assertFalse(Thread.currentThread().isInterrupted(), "the flag is cleared so the summary can still be sent");
        } finally {
            Thread.interrupted();
        }
        assertTrue(sink.last);
        assertTrue(sink.text.get(sink.text.size() - 1).startsWith("✘ residual: interrupted at step 2 of 50"));
    }

    @Test
    void aLoopLeftEarlySaysWhereItStopped() {
        try (Progress bar = bar(10)) {
            bar.step(1.0);
        }
        assertTrue(sink.text.get(sink.text.size() - 1).startsWith("✘ residual: stopped at step 1 of 10"));
    }

    @Test
    void rejectsStepsOutsideTheRangeAndStepsAfterClose() {
        Progress bar = bar(2);
        assertThrows(IllegalArgumentException.class, () -> bar.stepTo(3, 0));
        bar.close();
        assertThrows(IllegalStateException.class, () -> bar.step(0));
        assertThrows(IllegalArgumentException.class, () -> bar(0));
    }

    @Test
    void theConsoleSinkPrintsALineOnceEveryIntervalHasPassedAndAlwaysTheSummary() {
        java.io.StringWriter out = new java.io.StringWriter();
        ProgressSink console = ProgressSink.console(new java.io.PrintWriter(out), () -> now, 2.0);
        console.render("", "a", false);
        now += 2_500_000_000L;
        console.render("", "b", false);
        now += 1_000_000_000L;
        console.render("", "c", false);
        console.render("", "done", true);
        assertEquals(List.of("b", "done"), out.toString().lines().toList(), "a quick start prints nothing before its summary");
    }

    @Test
    void durationsReadNaturally() {
        assertEquals("0.4 s", Progress.duration(0.42));
        assertEquals("2m 05s", Progress.duration(125));
        assertEquals("1h 02m", Progress.duration(3720));
    }
}
