package org.residuallab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.residuallab.train.StepEvent;

class ProgressTest {
    private static StepEvent step(long done) {
        return new StepEvent("plain-sigmoid-d20", done - 1, done, 4, 0, 1.0986, 100, 0.5);
    }

    @Test
    void barAppearsOnceTheWorkTakesLongerThanItsThreshold() {
        StringWriter err = new StringWriter();
        try (Progress p = new Progress("compare", 4, new PrintWriter(err), 0)) {
            for (long i = 1; i <= 4; i++) p.onStep(step(i));
            assertTrue(p.shown());
        }
        String text = err.toString();
        assertTrue(text.contains("compare"), text);
        assertTrue(text.contains("4/4"), text);
        assertTrue(text.contains("plain-sigmoid-d20 loss 1.099"), text);
        assertTrue(text.endsWith(System.lineSeparator()), "the bar's line is finished");
    }

    @Test
    void quickWorkPrintsNothing() {
        StringWriter err = new StringWriter();
        try (Progress p = new Progress("compare", 4, new PrintWriter(err), 60_000_000_000L)) {
            for (long i = 1; i <= 4; i++) p.onStep(step(i));
            assertFalse(p.shown());
        }
        assertEquals("", err.toString());
    }
}
