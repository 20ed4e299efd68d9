package org.residuallab.exercise;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.check.GradCheckSuite;
import org.residuallab.nn.Dense;
import org.residuallab.nn.GELU;
import org.residuallab.nn.Init;
import org.residuallab.nn.Layer;
import org.residuallab.nn.LayerNorm;
import org.residuallab.nn.Param;
import org.residuallab.nn.Sequential;

/**
 * Exercise: move the LayerNorm. A post-LN sub-block (Vaswani et al. 2017) computes LN(x + F(x)); turn it
 * into the pre-LN sub-block of GPT-2, x + F(LN(x)), whose skip path carries x untouched. The student's
 * maker gets the width C and a branch F (Dense(C, 4C) → GELU → Dense(4C, C), float64, random weights) and
 * returns the block; the check runs it on sequences (B, T, C) whose tokens are far from mean 0 and std 1
 * (so that a LayerNorm anywhere shows), compares it with the pre-LN block and, when it differs, says which
 * other placement it matches. Never throws for a wrong answer, never prints the answer's code.
 * <pre>PreLnExercise.check((width, f) -&gt; new ResidualBlock(Sequential.of(f), new Identity()).post(new LayerNorm(width)))
 * // ✘ not yet correct: ... your block computes LN(x + F(x)): it normalises the sum, the post-LN block you started from</pre>
 */
public final class PreLnExercise {
    static final String NAME = "move the LayerNorm: pre-LN x + F(LN(x))";
    static final int WIDTH = 8;
    private static final double TOLERANCE = 1e-9;

    /** How to build the student's sub-block from the width C and the branch F. */
    @FunctionalInterface
    public interface Maker {
        Layer make(int width, Layer f);
    }

    private PreLnExercise() {}

    public static Verdict check(Maker maker) {
        List<String> notes = new ArrayList<>();
        if (maker == null) return Verdict.notYet(NAME, "pass a maker: (width, f) -> your block");
        Sequential f = branch();
        INDArray x = input();
        Map<String, INDArray> placements = placements(f, x);
        try {
            Layer mine = maker.make(WIDTH, f);
            if (mine == null) return Verdict.notYet(NAME, "the maker returned null instead of your block");
            mine.castTo(DataType.DOUBLE);
            INDArray out = mine.forward(x);
            if (!java.util.Arrays.equals(out.shape(), x.shape())) {
                notes.add("your block maps x of shape " + org.residuallab.nn.Shapes.str(x.shape()) + " to "
                        + org.residuallab.nn.Shapes.str(out.shape()) + ": a sub-block must keep the shape, since its output is added to the stream");
                return Verdict.notYet(NAME, notes, List.of());
            }
            String found = null;
            for (Map.Entry<String, INDArray> e : placements.entrySet()) {
                if (maxDiff(out, e.getValue()) < TOLERANCE) { found = e.getKey(); break; }
            }
            if (!contains(mine, f)) {
                notes.add("F's weights are not among your block's parameters: put the branch f you were given inside the block");
                return Verdict.notYet(NAME, notes, List.of());
            }
            if (found == null) {
                notes.add(String.format(Locale.ROOT, "your block's output matches none of the usual placements (it is %.3g away from x + F(LN(x)) at its worst entry)",
                        maxDiff(out, placements.get(PRE))));
                return Verdict.notYet(NAME, notes, List.of("build it from ResidualBlock, Sequential, LayerNorm and Identity: the skip is the Identity shortcut"));
            }
            if (found.equals(PRE)) {
                INDArray dX = mine.backward(Nd4j.ones(DataType.DOUBLE, x.shape()));
                notes.add("your block computes x + F(LN(x)): the skip path carries x unchanged and only the branch sees normalised tokens");
                if (dX == null || !java.util.Arrays.equals(dX.shape(), x.shape())) {
                    notes.add("but its backward does not return a gradient of x's shape");
                    return Verdict.notYet(NAME, notes, List.of());
                }
                return Verdict.correct(NAME, notes);
            }
            notes.add("your block computes " + found + ": " + WHAT.get(found));
            return Verdict.notYet(NAME, notes, List.of(HINT.get(found)));
        } catch (RuntimeException e) {
            notes.add("your code threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return Verdict.notYet(NAME, notes, List.of());
        }
    }

    static final String PRE = "x + F(LN(x))", POST = "LN(x + F(x))", NO_SKIP = "F(LN(x))", NO_LN = "x + F(x)",
            LN_AFTER_F = "x + LN(F(x))", LN_BEFORE_SPLIT = "LN(x) + F(LN(x))";
    private static final Map<String, String> WHAT = Map.of(
            POST, "it normalises the sum, the post-LN block you started from",
            NO_SKIP, "the skip is gone: the output no longer contains x",
            NO_LN, "no LayerNorm is left: nothing keeps the branch's input at mean 0 and std 1",
            LN_AFTER_F, "the LayerNorm normalises the branch's output instead of its input",
            LN_BEFORE_SPLIT, "the LayerNorm sits before the fork, so the skip path carries LN(x) instead of x");
    private static final Map<String, String> HINT = Map.of(
            POST, "in pre-LN the LayerNorm belongs to the branch: F reads normalised tokens, and the sum is left alone",
            NO_SKIP, "keep the Identity shortcut: the block must add its branch to x",
            NO_LN, "the branch should start with a LayerNorm of the block's width",
            LN_AFTER_F, "the LayerNorm goes in front of F, inside the branch",
            LN_BEFORE_SPLIT, "normalise inside the branch only, so that x reaches the output unchanged");

    // every placement the check recognises, the right one first; all use a fresh LayerNorm (γ = 1, β = 0)
    private static Map<String, INDArray> placements(Sequential f, INDArray x) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        INDArray lnX = ln(x), fLnX = f.forward(lnX), fX = f.forward(x);
        m.put(PRE, x.add(fLnX));
        m.put(POST, ln(x.add(fX)));
        m.put(NO_SKIP, fLnX);
        m.put(NO_LN, x.add(fX));
        m.put(LN_AFTER_F, x.add(ln(fX)));
        m.put(LN_BEFORE_SPLIT, lnX.add(fLnX));
        return m;
    }

    private static INDArray ln(INDArray x) {
        LayerNorm ln = new LayerNorm(WIDTH);
        ln.castTo(DataType.DOUBLE);
        return ln.forward(x);
    }

    private static Sequential branch() {
        Sequential f = Sequential.of(new Dense(WIDTH, 4 * WIDTH, Init.glorotNormal()), new GELU(), new Dense(4 * WIDTH, WIDTH, Init.glorotNormal()));
        f.castTo(DataType.DOUBLE);
        f.place("", "F", 0);
        GradCheckSuite.randomize(f, new Random(31));
        return f;
    }

    // tokens with mean 2 and std 3 per example: far from what a LayerNorm outputs
    private static INDArray input() {
        Random rng = new Random(32);
        double[] v = new double[2 * 3 * WIDTH];
        for (int i = 0; i < v.length; i++) v[i] = 2 + 3 * rng.nextGaussian();
        return Nd4j.create(v, new long[] {2, 3, WIDTH}, DataType.DOUBLE);
    }

    private static double maxDiff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }

    private static boolean contains(Layer block, Sequential f) {
        List<Param> mine = block.params();
        for (Param p : f.params()) if (mine.stream().noneMatch(q -> q == p)) return false;
        return true;
    }
}
