package org.residuallab.project;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Java program in a fresh JVM the way your own project would run it — the same {@code java}
 * executable as this JVM, the toolkit on the class path, headless, one BLAS thread — and collects what it
 * printed. From a notebook this runs a student's main or the command line without touching the kernel.
 * <pre>JavaLauncher.Result r = JavaLauncher.source(Path.of("GradientCheck.java"));     // java GradientCheck.java
 * JavaLauncher.Result c = JavaLauncher.main("org.residuallab.cli.Main", "compare", "--out", "out");</pre>
 * The class path is {@code IJAVA_CLASSPATH} inside an IJava kernel (where the toolkit lives), else this
 * JVM's own. Interrupting the calling thread (a notebook's stop button) stops the program.
 */
public final class JavaLauncher {
    /** JVM flags of the launched program: headless charts and modest memory. */
    public static final List<String> FLAGS = List.of("-Djava.awt.headless=true", "-Xmx512m", "-Dorg.bytedeco.javacpp.maxphysicalbytes=1200m");

    private JavaLauncher() {}

    /** What the program did: its exit code, every line it printed (stdout and stderr together), its wall time. */
    public record Result(int exitCode, List<String> lines, double seconds) {
        public boolean ok() { return exitCode == 0; }

        /** All printed lines, joined. */
        public String output() { return String.join("\n", lines); }

        /** The printed lines that start with {@code prefix}. */
        public List<String> linesStartingWith(String prefix) {
            return lines.stream().filter(l -> l.startsWith(prefix)).toList();
        }

        /**
         * The number after {@code key=} on the first line starting with {@code linePrefix}, e.g.
         * {@code number("residual-", "test_accuracy")} of "residual-sigmoid-d10 ... test_accuracy=0.838".
         */
        public double number(String linePrefix, String key) {
            List<String> found = linesStartingWith(linePrefix);
            if (found.isEmpty()) throw new IllegalArgumentException("no printed line starts with '" + linePrefix + "'; the program printed:\n" + output());
            for (String token : found.get(0).split("\\s+")) {
                if (!token.startsWith(key + "=")) continue;
                String v = token.substring(key.length() + 1);
                try {
                    return Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(key + " on line '" + found.get(0) + "' is '" + v + "', not a number");
                }
            }
            throw new IllegalArgumentException("line '" + found.get(0) + "' has no " + key + "=...");
        }

        @Override
        public String toString() {
            return output() + (lines.isEmpty() ? "" : "\n") + String.format(java.util.Locale.ROOT, "(exit code %d, %.1f s)", exitCode, seconds);
        }
    }

    /** Runs a single-file program from source ({@code java File.java args}; a package declaration is fine). */
    public static Result source(Path javaFile, String... args) {
        if (javaFile == null || !Files.isRegularFile(javaFile)) throw new IllegalArgumentException("no Java source file at " + javaFile);
        List<String> cmd = new ArrayList<>(List.of(javaFile.toAbsolutePath().toString()));
        cmd.addAll(Arrays.asList(args));
        return run(cmd, 600);
    }

    /** Runs {@code mainClass} (on the toolkit's class path) with {@code args}. */
    public static Result main(String mainClass, String... args) {
        if (mainClass == null || mainClass.isBlank()) throw new IllegalArgumentException("main class must not be blank");
        List<String> cmd = new ArrayList<>(List.of(mainClass));
        cmd.addAll(Arrays.asList(args));
        return run(cmd, 600);
    }

    static Result run(List<String> programAndArgs, long timeoutSeconds) {
        List<String> cmd = new ArrayList<>(List.of(javaExecutable(), "-cp", classPath()));
        cmd.addAll(FLAGS);
        cmd.addAll(programAndArgs);
        Path log = null;
        Process p = null;
        long t0 = System.nanoTime();
        try {
            log = Files.createTempFile("residual-lab-run", ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("OMP_NUM_THREADS", "1");
            p = pb.start();
            long deadline = t0 + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (!p.waitFor(200, TimeUnit.MILLISECONDS)) {
                if (Thread.currentThread().isInterrupted()) throw new CancellationException("interrupted: stopped " + programAndArgs.get(0));
                if (System.nanoTime() > deadline) throw new IllegalStateException(programAndArgs.get(0) + " ran past " + timeoutSeconds + " s and was stopped");
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return new Result(p.exitValue(), List.copyOf(lines), (System.nanoTime() - t0) / 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", programAndArgs) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted: stopped " + programAndArgs.get(0));
        } finally {
            if (p != null && p.isAlive()) p.destroyForcibly();
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /** The java executable running this JVM. */
    static String javaExecutable() {
        Path java = Path.of(System.getProperty("java.home"), "bin", File.separatorChar == '\\' ? "java.exe" : "java");
        return Files.isExecutable(java) ? java.toString() : "java";
    }

    /** IJAVA_CLASSPATH inside a kernel, else this JVM's class path. */
    static String classPath() {
        String kernel = System.getenv("IJAVA_CLASSPATH");
        return kernel != null && !kernel.isBlank() ? kernel : System.getProperty("java.class.path");
    }
}
