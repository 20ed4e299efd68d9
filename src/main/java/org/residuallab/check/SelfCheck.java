package org.residuallab.check;

import java.util.List;

/**
 * The verdict of an exercise's self-check: passed or not yet, with lines that explain what was measured and
 * give hints, never the answer. Printing it shows the verdict first; a check never throws for a wrong answer.
 * <pre>SelfCheck v = PathCountExercise.check((n, k) -&gt; myCount(n, k));
 * System.out.println(v);   // "✘ not yet: ..." then the details</pre>
 */
public record SelfCheck(String exercise, boolean passed, String summary, List<String> details) {

    public SelfCheck {
        details = List.copyOf(details);
    }

    static SelfCheck pass(String exercise, String summary, List<String> details) {
        return new SelfCheck(exercise, true, summary, details);
    }

    static SelfCheck notYet(String exercise, String summary, List<String> details) {
        return new SelfCheck(exercise, false, summary, details);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(exercise).append(": ").append(passed ? "✔ correct — " : "✘ not yet correct — ").append(summary);
        for (String d : details) sb.append("\n  ").append(d);
        return sb.toString();
    }
}
