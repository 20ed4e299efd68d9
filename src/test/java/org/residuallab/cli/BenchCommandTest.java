package org.residuallab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void eachConfigurationEndsInOneMachineReadableLineAfterTheSgemmPeak() {
        Run r = run("bench", "--config", "plain10,plain10+probes", "--steps", "30", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        Matcher peak = Pattern.compile("(?m)^sgemm peak \\(float32, 1 thread, .*\\): ([0-9.]+) GFLOP/s wall-clock at n = (\\d+)$").matcher(r.out());
        assertTrue(peak.find(), r.out());
        assertTrue(Double.parseDouble(peak.group(1)) > 1, "the best of several sizes: " + peak.group());
        assertTrue(Set.of("256", "512", "1024").contains(peak.group(2)), peak.group());
        Matcher m = LINE.matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals("plain10", m.group(1));
        assertEquals("30", m.group(3));
        assertTrue(Double.parseDouble(m.group(2)) > 0, r.out());
        assertTrue(m.find(), r.out());
        assertEquals("plain10+probes", m.group(1));
        assertTrue(r.out().contains("probes on plain10: "), r.out());
        assertTrue(Pattern.compile("(?m)^  CPU +[0-9.]+ ms per step ").matcher(r.out()).find(), "the line src/bench/vs_torch.py reads: " + r.out());
    }

    @Test
    void probeCostReportsTheDefaultCadenceAgainstItsTargetAndEveryStep() {
        Run r = run("bench", "--probe-cost", "3", "--config", "plain10", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        Matcher byDefault = Pattern.compile("(?m)^probe_cost plain10 every=10 ratio=([0-9.]+) pairs=3 steps_per_block=(\\d+)$").matcher(r.out());
        assertTrue(byDefault.find(), r.out());
        assertTrue(Double.parseDouble(byDefault.group(1)) > 0.5, r.out());
        assertEquals(0, Integer.parseInt(byDefault.group(2)) % 10, "blocks of whole cadences: each holds as many recorded steps");
        assertTrue(Pattern.compile("(?m)^probe_cost plain10 every=1 ratio=[0-9.]+ pairs=3 steps_per_block=\\d+$").matcher(r.out()).find(), r.out());
        assertTrue(r.out().contains("all built-in probes every 10th step (the default): "), r.out());
        assertTrue(Pattern.compile("(?m)^  target    at most \\+5 % at the default cadence: (met|NOT met)$").matcher(r.out()).find(), r.out());
        assertTrue(Pattern.compile("(?m)^  histograms every \\d+ steps when the timed blocks began, every \\d+ when they ended").matcher(r.out()).find(), r.out());
        Run bad = run("bench", "--probe-cost", "2", "--config", "plain10");
        assertEquals(2, bad.code(), bad.out());
        assertTrue(bad.err().contains("--probe-cost needs at least 3 pairs but was 2"), bad.err());
        assertEquals(2, run("bench", "--probe-cost", "3", "--on-training-thread").code(), "no probe thread, no such option");
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
        assertTrue(r.err().contains("plain51") && r.err().contains("res50") && r.err().contains("resnet20, plain20, transformer"), r.err());
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

    @Test
    void listGivesEveryConfigurationsFloatOpsAndParametersAndThePyTorchTwinsAgree() throws Exception {
        Run r = run("bench", "--list");
        assertEquals(0, r.code(), r.err());
        java.util.Map<String, String> ours = new java.util.LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^config (\\S+) (flops_per_step=\\d+ params=\\d+) batch=(\\d+): ").matcher(r.out());
        while (m.find()) ours.put(m.group(1), m.group(2));
        assertEquals(java.util.List.of("plain50", "res50", "plain10", "wide", "resnet20", "plain20", "transformer"), java.util.List.copyOf(ours.keySet()));
        // ResNet-20 on 1×28×28: 269,434 trainable parameters, the same with and without skips (option A adds none)
        assertEquals("flops_per_step=11835359232 params=269434", ours.get("resnet20"));
        assertEquals(ours.get("resnet20"), ours.get("plain20"));
        assertTrue(r.out().contains("Adam lr 3.0E-4"), r.out());
        Process py;
        try {
            py = new ProcessBuilder("/usr/bin/python3", "src/bench/torch_bench.py", "--list").redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no /usr/bin/python3");
            return;
        }
        String torch = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        py.waitFor();
        org.junit.jupiter.api.Assumptions.assumeFalse(torch.contains("No module named 'torch'"), "PyTorch is not installed (bin/bench-vs-torch installs it)");
        for (java.util.Map.Entry<String, String> e : ours.entrySet()) {
            assertTrue(torch.contains("torch config " + e.getKey() + " " + e.getValue() + "\n"), "the PyTorch twin of " + e.getKey()
                    + " has the same matrix products and parameters:\n" + torch);
        }
    }

    @Test
    void rssEveryPrintsTheResidentMemoryAndItsTrendOverTheTimedSteps() {
        Run r = run("bench", "--config", "plain10", "--steps", "30", "--no-peak", "--threads", "1", "--rss-every", "10");
        assertEquals(0, r.code(), r.err());
        assertTrue(Pattern.compile("(?m)^rss plain10 step=0 rss_mb=\\d+$").matcher(r.out()).find(), r.out());
        assertTrue(Pattern.compile("(?m)^rss_trend plain10 samples=\\d+ from_step=\\d+ to_step=\\d+ first_mb=\\d+ last_mb=\\d+ min_mb=\\d+ "
                + "max_mb=\\d+ mb_per_1000_steps=-?[0-9.]+$").matcher(r.out()).find(), r.out());
        assertTrue(LINE.matcher(r.out()).find(), "the machine-readable line stays: " + r.out());
        assertEquals(2, run("bench", "--rss-every", "-1", "--no-peak").code());
    }
}
