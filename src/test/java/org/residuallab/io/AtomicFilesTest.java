package org.residuallab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writeReplacesAnExistingFileAndLeavesNoTemporaryFileBehind() throws Exception {
        Path f = dir.resolve("sub/out.txt");
        AtomicFiles.write(f, "first");
        AtomicFiles.write(f, "second");
        assertEquals("second", Files.readString(f));
        try (Stream<Path> files = Files.list(f.getParent())) {
            assertEquals(1, files.count(), "only out.txt remains in " + f.getParent());
        }
    }

    @Test
    void writeCsvWritesAHeaderRow() throws Exception {
        Path f = AtomicFiles.writeCsv(dir.resolve("t.csv"), Table.create("t", DoubleColumn.create("value", 1.5, 2.5)));
        assertEquals("value", Files.readAllLines(f).get(0));
        assertEquals(3, Files.readAllLines(f).size());
    }

    @Test
    void writingWhereAFileBlocksTheFolderNamesThePath() throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocker"), "x");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> AtomicFiles.write(blocker.resolve("out.txt"), "y"));
        assertTrue(e.getMessage().contains(blocker.resolve("out.txt").toString()), e.getMessage());
        assertEquals("x", Files.readString(blocker), "the blocking file is untouched");
    }

    @Test
    void prepareDirectoryRejectsAFileWithItsPath() throws Exception {
        Path blocker = Files.writeString(dir.resolve("plain-file"), "x");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFiles.prepareDirectory(blocker));
        assertTrue(e.getMessage().contains("plain-file"), e.getMessage());
    }
}
