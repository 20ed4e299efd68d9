package org.residuallab.exercise;

import java.util.ArrayList;
import java.util.List;
import org.residuallab.experiment.PathLengths;

/**
 * Exercise: count the paths of length k through a residual net of n blocks (a path takes, at each block,
 * either the branch or the skip; its length is the number of branches it takes). The check compares your
 * counts with an enumeration of all 2ⁿ paths for n = 1..10, then with n = 30, where overflow bites.
 * <pre>PathCountExercise.check((blocks, length) -&gt; myCount(blocks, length));</pre>
 */
public final class PathCountExercise {
    static final String NAME = "counting paths";
    static final int ENUMERATED = 10, LARGE = 30;

    /** Your count of paths of {@code length} branches through {@code blocks} blocks. */
    @FunctionalInterface
    public interface Counter {
        long paths(int blocks, int length);
    }

    private PathCountExercise() {}

    /** Compares your counts with the enumeration; never throws for a wrong answer and never shows the expected count. */
    public static Verdict check(Counter counter) {
        if (counter == null) return Verdict.notYet(NAME, "no function given: pass (blocks, length) -> count");
        List<String> seen = new ArrayList<>();
        for (int n = 1; n <= ENUMERATED; n++) {
            long[] truth = enumerate(n);
            long[] yours = new long[n + 1];
            long sum = 0;
            for (int k = 0; k <= n; k++) {
                try {
                    yours[k] = counter.paths(n, k);
                } catch (RuntimeException e) {
                    return Verdict.notYet(NAME, with(seen, "your function threw " + e.getClass().getSimpleName() + " for " + n + " blocks, length " + k), List.of());
                }
                sum += yours[k];
            }
            for (int k = 0; k <= n; k++) {
                if (yours[k] == truth[k]) continue;
                List<String> found = with(seen, "for " + n + (n == 1 ? " block" : " blocks") + " and length " + k + " you count " + yours[k]
                        + ", which is not what enumerating all paths gives");
                found.add("for " + n + " block" + (n == 1 ? "" : "s") + " your counts for lengths 0.." + n + " sum to " + sum + "; there are 2^" + n + " = " + (1L << n) + " paths in all");
                if (yours[k] != yours[n - k]) found.add("your counts are not symmetric: choosing which k blocks take the branch is the same as choosing which n − k take the skip");
                List<String> hints = new ArrayList<>();
                if (n == 1) hints.add("with one block there are two paths: the skip alone (length 0) and the branch alone (length 1)");
                hints.add("a path of length k is fixed by WHICH k of the n blocks it passes through the branch.");
                return Verdict.notYet(NAME, found, hints);
            }
        }
        seen.add("n = 1.." + ENUMERATED + ": every length agrees with enumerating all 2ⁿ paths");
        long[] big = PathLengths.counts(LARGE);
        for (int k = 0; k <= LARGE; k++) {
            long yours;
            try {
                yours = counter.paths(LARGE, k);
            } catch (RuntimeException e) {
                return Verdict.notYet(NAME, with(seen, "your function threw " + e.getClass().getSimpleName() + " for " + LARGE + " blocks, length " + k), List.of());
            }
            if (yours != big[k]) {
                return Verdict.notYet(NAME, with(seen, "small nets are right, but for " + LARGE + " blocks and length " + k + " your count (" + yours + ") is wrong"),
                        List.of("do intermediate numbers overflow a long? 21! does. Multiply and divide step by step instead of computing factorials."));
            }
        }
        seen.add("n = " + LARGE + ": all " + (LARGE + 1) + " lengths right, no overflow");
        return Verdict.correct(NAME, seen);
    }

    /** Counts the paths of each length by listing all 2ⁿ of them (bit i set = block i's branch taken). */
    static long[] enumerate(int n) {
        long[] c = new long[n + 1];
        for (long mask = 0; mask < (1L << n); mask++) c[Long.bitCount(mask)]++;
        return c;
    }

    private static List<String> with(List<String> lines, String line) {
        List<String> out = new ArrayList<>(lines);
        out.add(line);
        return out;
    }
}
