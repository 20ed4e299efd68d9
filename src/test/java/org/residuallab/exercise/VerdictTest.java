package org.residuallab.exercise;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictTest {

    @Test
    void printsTheMarkFirstThenWhatWasMeasuredThenTheHints() {
        Verdict v = Verdict.notYet("counting paths", List.of("n = 1: right", "n = 2: 3 paths counted"), List.of("look at n = 2"));
        assertEquals("✘ not yet correct: counting paths\n  • n = 1: right\n  • n = 2: 3 paths counted\n  Hint: look at n = 2", v.toString());
        assertEquals("✔ correct: counting paths", Verdict.correct("counting paths", List.of()).toString());
    }

    @Test
    void isImmutable() {
        List<String> lines = new java.util.ArrayList<>(List.of("a"));
        Verdict v = Verdict.correct("x", lines);
        lines.add("b");
        assertEquals(List.of("a"), v.measured());
        assertThrows(UnsupportedOperationException.class, () -> v.hints().add("c"));
    }
}
