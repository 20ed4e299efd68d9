package org.residuallab.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import tech.tablesaw.api.Table;

/**
 * Writes output files atomically: into a hidden temporary file beside the target, then renamed over it,
 * so an interrupted run never leaves half a file.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Creates {@code dir} (and parents) and checks a file can be written in it; the message names the folder. */
    public static Path prepareDirectory(Path dir) {
        Path d = dir.toAbsolutePath();
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output folder '" + d + "': " + reason(e), e);
        }
        Path probe = d.resolve(".residual-lab-write-test-" + ProcessHandle.current().pid());
        try {
            Files.write(probe, new byte[0], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.delete(probe);
        } catch (IOException e) {
            throw new UncheckedIOException("output folder '" + d + "' is not writable: " + reason(e), e);
        }
        return d;
    }

    /** The name prefix of a run's staging folder inside its output folder, followed by the process id. */
    public static final String STAGING = ".staging-";

    /**
     * Removes what killed processes left in {@code dir}: staging folders ({@link #STAGING}) and temporary files of
     * {@link #write} whose process is gone. Files of live processes are left alone.
     */
    public static void removeStale(Path dir) {
        try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                String n = p.getFileName().toString();
                long pid = -1;
                if (n.startsWith(STAGING)) pid = parsePid(n.substring(STAGING.length()));
                else if (n.startsWith(".") && n.endsWith(".tmp") && n.lastIndexOf('-') > 0) {
                    String pidPart = n.substring(0, n.lastIndexOf('-'));
                    pid = parsePid(pidPart.substring(pidPart.lastIndexOf('.') + 1));
                }
                if (pid < 0 || (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))) continue;
                if (pid == ProcessHandle.current().pid() && !n.startsWith(STAGING)) continue;
                deleteTree(p);
            }
        } catch (IOException e) {
            // leftovers are hidden and harmless: never fail a run over them
        }
    }

    /** Moves a finished file into place by an atomic rename (same file system), replacing an older one. */
    public static Path moveInto(Path from, Path target) {
        try {
            try {
                Files.move(from, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write '" + target + "': " + reason(e), e);
        }
    }

    private static long parsePid(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (java.util.stream.Stream<Path> s = Files.list(p)) {
                for (Path c : s.toList()) deleteTree(c);
            }
        }
        Files.deleteIfExists(p);
    }

    public static Path write(Path file, byte[] bytes) {
        Path target = file.toAbsolutePath();
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".tmp");
        try {
            Files.createDirectories(target.getParent());
            Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write error is the one to report
            }
            throw new UncheckedIOException("cannot write '" + target + "': " + reason(e), e);
        }
    }

    public static Path write(Path file, String text) {
        return write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a table as CSV with a header row. */
    public static Path writeCsv(Path file, Table table) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        table.write().csv(out);
        return write(file, out.toByteArray());
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " (" + m + ")");
    }
}
