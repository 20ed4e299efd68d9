package org.residuallab.project;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class OutputFolderTest {

    @Test
    void listsFilesByNameWithKindAndSize(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("summary.json"), "{}");
        Files.writeString(dir.resolve("curves.csv"), "model,step\n");
        Files.createDirectory(dir.resolve("sub"));
        Table t = OutputFolder.list(dir);
        assertEquals(List.of("curves.csv", "summary.json"), t.stringColumn("file").asList());
        assertEquals(List.of("csv", "json"), t.stringColumn("kind").asList());
        assertEquals(11L, t.longColumn("bytes").get(0));
        assertEquals(2L, OutputFolder.bytes(dir.resolve("summary.json")));
        assertEquals(0L, OutputFolder.bytes(dir.resolve("missing.png")));
    }

    @Test
    void aMissingFolderIsNamed(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OutputFolder.list(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }
}
