package org.residuallab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real command-line processes killed while they write: {@code kill -9} at several points leaves the folder's previous
 * outputs byte for byte and no half-written file under a final name; Ctrl-C (SIGINT) during training stops it, and the
 * run writes what it has and exits with 130. The writing is slowed down (-Dresiduallab.outputs.pauseMs) so that the
 * kill lands between files.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KilledRunTest {
    static final String CP = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    /**
     * A process started in the background by a non-interactive shell (a CI script's {@code cmd &}) inherits SIGINT
     * ignored, and so would the CLI started from this test, and Ctrl-C would not reach it: coreutils' env puts SIGINT
     * back to its default where it can.
     */
    static final List<String> DEFAULT_SIGINT = defaultSigint();

    static List<String> defaultSigint() {
        try {
            Process p = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0 ? List.of("env", "--default-signal=INT") : List.of();
        } catch (IOException | InterruptedException e) {
            return List.of();
        }
    }

    @TempDir
    static Path out;
    static Map<String, String> previous;

    static ProcessBuilder cli(long pauseMs, Path out, String... args) {
        List<String> cmd = new ArrayList<>(DEFAULT_SIGINT);
        cmd.addAll(List.of(JAVA, "-Djava.awt.headless=true", "-Xmx512m", "-Dresiduallab.outputs.pauseMs=" + pauseMs, "-cp", CP,
                "org.residuallab.cli.Main"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--out", out.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.resolveSibling(out.getFileName() + ".log").toFile());
    }

    @BeforeAll
    static void aFirstRunWritesItsOutputs() throws Exception {
        Process p = cli(0, out, "compare", "--depth", "3", "--steps", "20", "--seed", "1").start();
        assertEquals(0, p.waitFor(), () -> log(out));
        previous = digests(out);
        assertTrue(previous.containsKey("summary.json") && previous.size() > 10, previous.keySet().toString());
    }

    /** The number of staged files after which the second run is killed (19 in all: 17 charts and tables, summary.json, index.html). */
    @ParameterizedTest(name = "kill -9 after {0} staged files")
    @ValueSource(ints = {0, 3, 9, 18})
    void kill9WhileWritingLeavesThePreviousOutputsIntact(int staged) throws Exception {
        Process p = cli(150, out, "compare", "--depth", "4", "--steps", "20", "--seed", "2").start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (stagedFiles(out) < staged + 1 && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
        assertTrue(p.isAlive(), "the run ended before the kill point: " + log(out));
        p.destroyForcibly();   // SIGKILL
        p.waitFor();
        assertEquals(previous, digests(out), "the previous outputs changed");
        try (Stream<Path> s = Files.list(out)) {
            for (Path f : s.toList()) {
                String n = f.getFileName().toString();
                assertTrue(previous.containsKey(n) || n.startsWith("."), "a new file under a final name: " + n);
            }
        }
    }

    @Test
    void theNextRunRemovesWhatAKilledRunLeftAndReplacesTheOutputs() throws Exception {
        Process killed = cli(150, out, "compare", "--depth", "4", "--steps", "20", "--seed", "2").start();
        while (stagedFiles(out) < 2 && killed.isAlive()) Thread.sleep(20);
        killed.destroyForcibly().waitFor();
        Process p = cli(0, out, "compare", "--depth", "2", "--steps", "10", "--seed", "3").start();
        assertEquals(0, p.waitFor(), () -> log(out));
        try (Stream<Path> s = Files.list(out)) {
            assertTrue(s.noneMatch(f -> f.getFileName().toString().startsWith(".")), "leftovers of the killed run");
        }
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.contains("\"seed\": 3") && summary.contains("\"depth\": 2"), "the new run's summary: " + summary);
        previous = digests(out);
    }

    @Test
    void ctrlCDuringTrainingStopsItAndWritesWhatItHas(@TempDir Path other) throws Exception {
        Process p = cli(0, other, "compare", "--depth", "3", "--steps", "1000000", "--seed", "1").start();
        Path log = other.resolveSibling(other.getFileName() + ".log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (p.isAlive() && !Files.readString(log).contains("step") && System.nanoTime() < deadline) Thread.sleep(100);
        Thread.sleep(1500);
        assertTrue(p.isAlive(), "the run ended before Ctrl-C: " + Files.readString(log));
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the run did not stop within 90 s of SIGINT");
        assertEquals(130, p.exitValue(), Files.readString(log));
        String summary = Files.readString(other.resolve("summary.json"));
        assertTrue(summary.contains("\"interrupted\": true"), summary);
        assertTrue(Files.exists(other.resolve("index.html")) && Files.exists(other.resolve("loss.png")), "partial outputs");
    }

    private static long stagedFiles(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            Path staging = s.filter(f -> f.getFileName().toString().startsWith(".staging-")).findFirst().orElse(null);
            if (staging == null) return 0;
            try (Stream<Path> f = Files.list(staging)) {
                return f.filter(x -> !x.getFileName().toString().startsWith(".")).count();
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        }
    }

    static Map<String, String> digests(Path dir) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                String n = f.getFileName().toString();
                if (!n.startsWith(".")) m.put(n, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
            }
        }
        return m;
    }

    static String log(Path out) {
        try {
            return Files.readString(out.resolveSibling(out.getFileName() + ".log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
