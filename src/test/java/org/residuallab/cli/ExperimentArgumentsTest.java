package org.residuallab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Wrong arguments print the usage and exit 2 before anything is trained or written. */
class ExperimentArgumentsTest {
    @TempDir
    Path dir;

    private String[] args(String line) {
        return (line + " --out " + dir.resolve("out")).split(" ");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "compare --depth 0|depth must be >= 1",
        "compare --depth 2,3|--depth takes one value here",
        "compare --block sideways|unknown --block 'sideways'",
        "compare --steps 5 --epochs 1|give --steps or --epochs, not both",
        "compare --steps 0|training budget",
        "compare --data nosuch|unknown --data 'nosuch'",
        "compare --data spirals:x|number of classes after 'spirals:'",
        "compare --optimizer rmsprop|unknown optimizer 'rmsprop'",
        "compare --lr -1|learning rate must be >= 0",
        "compare --test-fraction 1.5|--test-fraction must be in [0, 1)",
        "compare --activation softplus|unknown activation 'softplus'",
        "compare --init glorious|unknown init 'glorious'",
        "compare --width two|'two' is not an int",
        "compare --bogus|Unknown option: '--bogus'",
        "probe --probe-every 0|--probe-every must be >= 1",
        "sweep --depth 2,0|--depth values must be >= 1",
        "lesion --batch 0|batch size must be >= 1"})
    void wrongArgumentsPrintUsageAndExitTwo(String scenario) {
        String[] parts = scenario.split("\\|");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args(parts[0]));
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains(parts[1]), "stderr:\n" + err);
        assertTrue(err.toString().contains("Usage:"), "usage is printed:\n" + err);
        assertFalse(Files.exists(dir.resolve("out")), "nothing is written for wrong arguments");
    }

    @Test
    void unwritableOutIsAClearErrorBeforeTraining() throws Exception {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "in the way");
        Path out = file.resolve("results");
        StringWriter o = new StringWriter(), err = new StringWriter();
        long t0 = System.nanoTime();
        int code = Main.run(new PrintWriter(o), new PrintWriter(err), "compare", "--steps", "100000", "--out", out.toString());
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("--out: cannot create output folder '" + out.toAbsolutePath() + "'"), err.toString());
        assertTrue(System.nanoTime() - t0 < 60e9, "it fails before training 100000 steps");
    }
}
