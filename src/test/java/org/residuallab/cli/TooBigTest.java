package org.residuallab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A run too big for this process ends with exit code 2 and one message: the estimate, the limit and the option to change. */
class TooBigTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "compare --depth 20 --width 100000000 | width (100000000)",
            "probe --depth 20 --width 100000000 | width (100000000)",
            "compare --model resnet --depth 8 --width 100000 --data digits-images | width (100000)",
            "compare --model transformer --depth 2 --width 100000 --data task:copy | dModel (100000)"})
    void exitsWithTwoAndNamesTheEstimateTheLimitAndTheOption(String args, String option, @org.junit.jupiter.api.io.TempDir java.nio.file.Path out) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = Main.run(new PrintWriter(o), new PrintWriter(e), (args + " --out " + out).split(" "));
        String err = e.toString();
        assertEquals(2, code, err + o);
        assertTrue(err.contains("needs about") && err.contains("can allocate about"), err);
        assertTrue(err.contains(option), err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
        assertFalse(err.contains("Usage:"), "a refusal is not a usage error: " + err);
    }
}
