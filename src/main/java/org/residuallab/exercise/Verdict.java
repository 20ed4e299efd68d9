package org.residuallab.exercise;

import java.util.List;

/**
 * Every exercise's answer: correct or not yet, what the checker measured, and hints — never the answer.
 * Printing it shows ✔ or ✘ first, then one line per measurement and per hint.
 * <pre>Verdict v = PathCountExercise.check((n, k) -&gt; myCount(n, k));
 * v.correct();   // false until every count is right</pre>
 *
 * @param exercise what was checked
 * @param correct  whether every check passed
 * @param measured what the checker saw, one finding per entry
 * @param hints    where to look next (none once correct)
 */
public record Verdict(String exercise, boolean correct, List<String> measured, List<String> hints) {

    public Verdict {
        measured = List.copyOf(measured);
        hints = List.copyOf(hints);
    }

    static Verdict correct(String exercise, List<String> measured) {
        return new Verdict(exercise, true, measured, List.of());
    }

    static Verdict notYet(String exercise, List<String> measured, List<String> hints) {
        return new Verdict(exercise, false, measured, hints);
    }

    static Verdict notYet(String exercise, String finding) {
        return new Verdict(exercise, false, List.of(finding), List.of());
    }

    /** The first line: ✔ correct or ✘ not yet correct, and the exercise. */
    public String headline() {
        return (correct ? "✔ correct: " : "✘ not yet correct: ") + exercise;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(headline());
        for (String m : measured) sb.append("\n  • ").append(m);
        for (String h : hints) sb.append("\n  Hint: ").append(h);
        return sb.toString();
    }
}
