package org.residuallab.exercise;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.check.GradCheck;
import org.residuallab.check.GradCheckSuite;
import org.residuallab.check.GradReport;
import org.residuallab.check.GradResult;
import org.residuallab.lesson.Tiny;
import org.residuallab.nn.Dense;
import org.residuallab.nn.Init;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Sequential;
import org.residuallab.nn.Shapes;
import org.residuallab.nn.Tanh;

/**
 * Exercise: write the backward of a residual block with a scaled skip,
 * out = F(x) + λ·x (He et al. 2016 study λ = 0.5 in their Table 1). Builds the student's layer around a
 * small float64 branch F = Dense → Tanh → Dense (width 5, random weights) with λ = 0.5, compares its
 * forward with F(x) + λx and gradient-checks dX and every weight of F against finite differences.
 * Never throws for a wrong answer, and never prints the answer: the verdict names what disagrees and how.
 * <pre>ResidualExercise.check((body, lambda) -&gt; new ScaledResidual(body, lambda))</pre>
 */
public final class ResidualExercise {
    /** The shortcut scale the check uses. */
    public static final double LAMBDA = 0.5;
    static final String NAME = "backward of out = F(x) + λ·x";

    /** How to build the student's layer around a branch F and a shortcut scale λ. */
    @FunctionalInterface
    public interface Maker {
        Layer make(Sequential body, double lambda);
    }

    private ResidualExercise() {}

    public static Verdict check(Maker maker) {
        List<String> notes = new ArrayList<>();
        Sequential body = Sequential.of(new Dense(5, 5, Init.he()), new Tanh(), new Dense(5, 5, Init.he()));
        body.castTo(DataType.DOUBLE);
        body.place("", "F", 0);
        GradCheckSuite.randomize(body, new Random(17));
        INDArray x = Tiny.gaussian(4, 5, 18);
        Layer mine;
        try {
            mine = maker.make(body, LAMBDA);
            if (mine == null) return Verdict.notYet(NAME, "the maker returned null instead of your layer");
            if (mine.params().size() != body.params().size()) {
                notes.add("your layer lists " + mine.params().size() + " parameters but F has " + body.params().size()
                        + ": children() must return the branch, so that F's weights are yours");
                return Verdict.notYet(NAME, notes, List.of());
            }
            INDArray expected = body.forward(x).addi(x.mul(LAMBDA));
            INDArray out = mine.forward(x);
            if (!java.util.Arrays.equals(out.shape(), expected.shape()) || out.sub(expected).amaxNumber().doubleValue() > 1e-12) {
                notes.add("the forward pass does not compute F(x) + λ·x; fix doForward before the backward");
                return Verdict.notYet(NAME, notes, List.of());
            }
            INDArray dX = mine.backward(Tiny.gaussian(4, 5, 20));
            if (dX == null || !java.util.Arrays.equals(dX.shape(), x.shape())) {
                notes.add("your backward returns " + (dX == null ? "null" : "shape " + Shapes.str(dX.shape())) + " but x has shape "
                        + Shapes.str(x.shape()) + ": dX must have x's shape");
                return Verdict.notYet(NAME, notes, List.of());
            }
            GradReport report = GradCheck.layer(mine).input(x).seed(19).run();
            for (GradResult r : report.results()) notes.add(describe(r));
            return new Verdict(NAME, report.passed(), notes, List.of());
        } catch (RuntimeException e) {
            notes.add("your code threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return Verdict.notYet(NAME, notes, List.of());
        }
    }

    /** One gradient's finding: ok, or what is off (zeros, wrong size by a factor, wrong direction), never the expected values. */
    static String describe(GradResult r) {
        String what = r.quantity().equals("dX") ? "dX (the gradient reaching x)" : "the gradient of " + r.quantity();
        if (r.passed()) return String.format(Locale.ROOT, "%s matches finite differences (max relative error %.1e)", what, r.maxRelError());
        if (r.checked() == 0) return what + " could not be checked";
        if (Double.isNaN(r.analytic()) || Double.isInfinite(r.maxRelError())) return what + " contains NaN or infinity";
        if (r.maxAbsDiff() > 0 && r.analytic() == 0 && r.numeric() != 0) {
            return what + " is zero where finite differences say it is not (max relative error 1.0): is a path missing?";
        }
        double ratio = r.numeric() == 0 ? Double.NaN : r.analytic() / r.numeric();
        String size = Double.isFinite(ratio) && ratio > 0
                ? String.format(Locale.ROOT, "; at its worst entry yours is %.3g× the finite-difference value", ratio)
                : Double.isFinite(ratio) && ratio < 0 ? "; at its worst entry it has the wrong sign" : "";
        return String.format(Locale.ROOT, "%s disagrees with finite differences (max relative error %.2g)%s", what, r.maxRelError(), size);
    }
}
