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
