package org.residuallab.project;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What a command wrote into its output folder, as a table: {@code file, kind, bytes}, sorted by name.
 * <pre>OutputFolder.list(Path.of("out/compare"))   // curves.csv  csv  19068 ...</pre>
 */
public final class OutputFolder {
    private OutputFolder() {}

    /** The regular files directly in {@code dir}; kind is the extension (csv, png, svg, json, html). */
    public static Table list(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) throw new IllegalArgumentException("no folder at " + dir);
        StringColumn file = StringColumn.create("file"), kind = StringColumn.create("kind");
        LongColumn bytes = LongColumn.create("bytes");
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.filter(Files::isRegularFile).sorted().toList();
            for (Path f : files) {
                String name = f.getFileName().toString();
                file.append(name);
                int dot = name.lastIndexOf('.');
                kind.append(dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT));
                bytes.append(Files.size(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return Table.create(dir.toString(), file, kind, bytes);
    }

    /** The size of {@code file} in bytes, 0 when it does not exist. */
    public static long bytes(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + file, e);
        }
    }
}
