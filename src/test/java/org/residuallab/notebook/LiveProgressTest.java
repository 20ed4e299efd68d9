package org.residuallab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class LiveProgressTest {
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

    private LiveProgress bar(long total) {
        return new LiveProgress("residual", total, sink, () -> now);
    }

    @Test
    void showsABarAtOnceThenAtMostFiveUpdatesASecond() {
        LiveProgress bar = bar(100);
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
        LiveProgress bar = bar(3);
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
        LiveProgress bar = bar(50);
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
        try (LiveProgress bar = bar(10)) {
            bar.step(1.0);
        }
        assertTrue(sink.text.get(sink.text.size() - 1).startsWith("✘ residual: stopped at step 1 of 10"));
    }

    @Test
    void rejectsStepsOutsideTheRangeAndStepsAfterClose() {
        LiveProgress bar = bar(2);
        assertThrows(IllegalArgumentException.class, () -> bar.stepTo(3, 0));
        bar.close();
        assertThrows(IllegalStateException.class, () -> bar.step(0));
        assertThrows(IllegalArgumentException.class, () -> bar(0));
    }

    @Test
    void theConsoleSinkPrintsAtMostEveryIntervalAndAlwaysTheSummary() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ConsoleProgress console = new ConsoleProgress(new java.io.PrintStream(out, true), () -> now, 2.0);
        console.render("", "a", false);
        now += 1_000_000_000L;
        console.render("", "b", false);
        now += 1_500_000_000L;
        console.render("", "c", false);
        console.render("", "done", true);
        assertEquals(List.of("a", "c", "done"), out.toString().lines().toList());
    }

    @Test
    void durationsReadNaturally() {
        assertEquals("0.4 s", LiveProgress.duration(0.42));
        assertEquals("2m 05s", LiveProgress.duration(125));
        assertEquals("1h 02m", LiveProgress.duration(3720));
    }
}
