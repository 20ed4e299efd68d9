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
        assertRejected(scenario);
    }

    /** Conv and sequence models: a bad combination is named in the command line's words, before any data is trained on. */
    @ParameterizedTest
    @ValueSource(strings = {
        "compare --model cnn|unknown --model 'cnn': expected mlp, resnet or transformer",
        "compare --model resnet --depth 21 --data digits-images|--depth 21 for --model resnet: must be 6n+2 (8, 14, 20, ",
        "sweep --model resnet --depth 8,10 --data digits-images|--depth 10 for --model resnet: must be 6n+2",
        "compare --model transformer --heads 3 --width 128 --data task:copy|--heads 3 must divide --width 128",
        "compare --model resnet --data spirals|resnet needs image data (digits-images or fashion-mnist[:N]), but --data spirals has examples of shape (2)",
        "compare --model transformer --data xor|transformer needs token sequences (task:copy, task:reverse, task:sort, task:add or text:FILE)",
        "compare --data digits-images|mlp needs flat features",
        "compare --data task:copy|use --model transformer for sequences",
        "compare --model resnet --activation relu --data digits-images|--activation applies to --model mlp only (this is --model resnet)",
        "compare --model transformer --batch-norm --data task:copy|--batch-norm applies to --model mlp only",
        "compare --shortcut b|--shortcut applies to --model resnet only",
        "compare --heads 2|--heads applies to --model transformer only",
        "probe --model resnet --variant pre-ln --data digits-images|--variant applies to --model transformer only",
        "compare --model resnet --shortcut c --data digits-images|unknown --shortcut 'c': expected a (zero padding",
        "compare --model transformer --variant sideways --data task:copy|unknown --variant 'sideways'",
        "compare --model transformer --block plain --variant pre-ln --data task:copy|--block plain disagrees with --variant pre-ln",
        "sweep --model transformer --variant pre-ln,post-ln --data task:copy|sweep takes one --variant",
        "sweep --model transformer --variant no-skip --block both --data task:copy|--block both disagrees with --variant no-skip",
        "compare --model transformer --context 4 --data task:copy|--context 4 is shorter than the sequences of --data task:copy (T = 8)",
        "compare --model transformer --context 0 --data task:copy|--context must be >= 1",
        "compare --model resnet --width 0 --data digits-images|--width must be >= 1",
        "compare --data task:jump|unknown --data 'task:jump'",
        "compare --model transformer --data task:copy:x|the number of digits after 'task:copy:' must be an integer",
        "compare --model transformer --data task:add:1|the modulus after 'task:add:' must be >= 2",
        "compare --model resnet --data fashion-mnist:x|the images per class after 'fashion-mnist:' must be an integer",
        "compare --model transformer --data text:/no/such/file.txt|text file '/no/such/file.txt' does not exist",
        "compare --model transformer --data text:README.md --test-fraction 0|needs a validation part: --test-fraction must be in (0, 1)"})
    void badModelAndDataCombinationsPrintUsageAndExitTwo(String scenario) {
        assertRejected(scenario);
    }

    private void assertRejected(String scenario) {
        String[] parts = scenario.split("\\|");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args(parts[0]));
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains(parts[1]), "stderr:\n" + err);
        assertTrue(err.toString().contains("Usage:"), "usage is printed:\n" + err);
        assertFalse(err.toString().contains("Exception") || err.toString().contains("\tat "), "no stack trace:\n" + err);
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
