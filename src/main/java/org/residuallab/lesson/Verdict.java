package org.residuallab.lesson;

import java.util.List;

/**
 * A self-check's answer to an exercise: correct or not yet, with observations that say what is wrong
 * (shapes, sizes, which gradient) but never what the answer is. Printing it shows one line per note.
 * <pre>Verdict v = ResidualExercise.check(MyBlock::new);
 * v.correct();   // false until the backward is right</pre>
 *
 * @param exercise what was checked
 * @param correct  whether every check passed
 * @param notes    what the checker saw, one finding per entry
 */
public record Verdict(String exercise, boolean correct, List<String> notes) {

    public Verdict {
        notes = List.copyOf(notes);
    }

    /** The first line: ✔ correct or ✘ not yet correct. */
    public String headline() {
        return (correct ? "✔ correct: " : "✘ not yet correct: ") + exercise;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(headline());
        for (String n : notes) sb.append("\n  • ").append(n);
        return sb.toString();
    }
}
