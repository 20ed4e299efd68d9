package org.residuallab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.residuallab.nn.fast.Threads;
import org.residuallab.probe.Probes;
import picocli.CommandLine;

/**
 * The bench command's report: one machine-readable line per configuration, probe cost, clear errors. The
 * command lives in src/bench/java, outside the library jar; the tests find it on the class path
 * (target/bench-classes), as bin/residual-lab does, so they run it through the command line only.
 */
class BenchCommandTest {
    private static final Pattern LINE = Pattern.compile("(?m)^bench (\\S+) ms_per_step=([0-9.]+) steps=(\\d+) rss_mb=(\\d+)$");

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringWriter out = new StringWriter(), err = new StringWriter();
        int before = Threads.max();
        int code;
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        } finally {
            System.setOut(stdout);
            Threads.set(before);
        }
        return new Run(code, bytes.toString(StandardCharsets.UTF_8) + out, err.toString());
    }

    @Test
    void eachConfigurationEndsInOneMachineReadableLineAndProbeCostIsReported() {
        Run r = run("bench", "--config", "plain10,plain10+probes", "--steps", "30", "--no-peak", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        Matcher m = LINE.matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals("plain10", m.group(1));
        assertEquals("30", m.group(3));
        assertTrue(Double.parseDouble(m.group(2)) > 0, r.out());
        assertTrue(m.find(), r.out());
        assertEquals("plain10+probes", m.group(1));
        assertTrue(r.out().contains("probes on plain10: "), r.out());
        assertTrue(r.out().contains("GFLOP/s"), r.out());
    }

    @Test
    void probeCostComparesAlternatingBlocksAndEndsInOneRatioLine() {
        Run r = run("bench", "--probe-cost", "3", "--config", "plain10", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile("(?m)^probe_cost plain10 ratio=([0-9.]+) pairs=3 steps_per_block=(\\d+)$").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Double.parseDouble(m.group(1)) > 0.5 && Integer.parseInt(m.group(2)) >= 1, r.out());
        assertTrue(r.out().contains("every step, histograms with their default cap (20 steps kept)"), r.out());
        assertTrue(Pattern.compile("(?m)^probe_cost_every_histogram plain10 ratio=[0-9.]+ pairs=3 ").matcher(r.out()).find(), r.out());
        assertTrue(r.out().contains(Probes.computedOnTheirOwnThread() ? "  where     statistics computed on the probe thread while training goes on"
                : "  where     statistics computed on the training thread, inside each step"), r.out());
        Matcher trip = Pattern.compile("(?m)^  cores     a round trip between two threads after each pair took (\\d+) ns").matcher(r.out());
        assertTrue(trip.find() && Integer.parseInt(trip.group(1)) > 0, r.out());
        Matcher bands = Pattern.compile("(?m)^  by trip   under 60 ns: (\\d+) pairs?.*; 60-200 ns: (\\d+) pairs?.*; 200 ns and more: (\\d+) pairs?").matcher(r.out());
        assertTrue(bands.find(), r.out());
        assertEquals(3, Integer.parseInt(bands.group(1)) + Integer.parseInt(bands.group(2)) + Integer.parseInt(bands.group(3)), "every pair falls in one band");
        Run bad = run("bench", "--probe-cost", "2", "--config", "plain10");
        assertEquals(2, bad.code(), bad.out());
        assertTrue(bad.err().contains("--probe-cost needs at least 3 pairs but was 2"), bad.err());
    }

    @Test
    void probeCostOnTheTrainingThreadSaysWhereTheStatisticsWereComputed() {
        Run r = run("bench", "--probe-cost", "3", "--config", "plain10", "--threads", "1", "--on-training-thread");
        assertEquals(0, r.code(), r.err());
        assertEquals(2, r.out().split("  where     statistics computed on the training thread, inside each step", -1).length - 1, r.out());
        assertFalse(r.out().contains("on the probe thread while"), r.out());
        assertTrue(Pattern.compile("(?m)^probe_cost plain10 ratio=[0-9.]+ pairs=3 ").matcher(r.out()).find(), r.out());
        Run bad = run("bench", "--config", "plain10", "--on-training-thread");
        assertEquals(2, bad.code(), bad.out());
        assertTrue(bad.err().contains("--on-training-thread applies only with --probe-cost"), bad.err());
    }

    @Test
    void interleavedRoundsEndInOneSummaryLinePerConfigurationAndTheProbesCost() {
        Run r = run("bench", "--config", "plain10,plain10+probes", "--steps", "30", "--no-peak", "--threads", "1", "--rounds", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("== round 2 of 2"), r.out());
        assertTrue(Pattern.compile("(?m)^rounds plain10 ms_per_step=[0-9.]+ rounds=2 \\(each: [0-9.]+, [0-9.]+\\)$").matcher(r.out()).find(), r.out());
        assertTrue(Pattern.compile("(?m)^rounds plain10\\+probes ms_per_step=[0-9.]+ rounds=2 ").matcher(r.out()).find(), r.out());
        assertTrue(r.out().contains("probes on plain10 over 2 rounds: "), r.out());
        assertEquals(2, run("bench", "--rounds", "0", "--no-peak").code());
    }

    @Test
    void anUnknownConfigurationExitsWithTwoAndNamesTheChoices() {
        Run r = run("bench", "--config", "plain51", "--no-peak");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("plain51") && r.err().contains("res50"), r.err());
    }

    @Test
    void theSgemmPeakIsTheBestOfSeveralSizes() {
        Run r = run("bench", "--config", "plain10", "--steps", "30", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        Matcher peak = Pattern.compile("(?m)^sgemm peak \\(float32, 1 thread, .*\\): ([0-9.]+) GFLOP/s wall-clock at n = (\\d+)$").matcher(r.out());
        assertTrue(peak.find(), r.out());
        assertTrue(Double.parseDouble(peak.group(1)) > 1, peak.group());
        assertTrue(Set.of("256", "512", "1024").contains(peak.group(2)), peak.group());
    }

    @Test
    void withoutTheBenchClassesTheCommandSaysHowToGetThem() {
        CommandLine cl = new CommandLine(Main.benchCommand("org.residuallab.bench.NotThere"));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("--config", "res50"));
        assertTrue(err.toString().contains("not part of the residual-lab jar") && err.toString().contains("bin/residual-lab bench"), err.toString());
        assertTrue(Main.benchCommand(Main.BENCH).getClass().getName().endsWith("bench.BenchCommand"), "found on the test class path");
    }
}
