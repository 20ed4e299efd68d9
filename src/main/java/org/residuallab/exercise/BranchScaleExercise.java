package org.residuallab.exercise;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.experiment.SignalProfile;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.BlockStack;
import org.residuallab.nn.Blocks;
import org.residuallab.nn.Init;
import org.residuallab.nn.Loss;
import org.residuallab.nn.Model;

/**
 * Exercise: choose the branch scale α(L) of a ReLU residual stack (He init, no normalisation) so that the
 * activations neither explode nor stand still at any depth. The check builds stacks of depth 4, 16 and 64
 * with your α(L), measures std(x_L) ÷ std(x₀), and wants it in [{@value #LOW}, {@value #HIGH}] at every depth.
 * <pre>BranchScaleExercise.check(depth -&gt; myAlpha(depth));</pre>
 */
public final class BranchScaleExercise {
    static final String NAME = "a branch scale for any depth";
    public static final int[] DEPTHS = {4, 16, 64};
    public static final double LOW = 1.2, HIGH = 2.5;
    private static final int WIDTH = 64, INPUTS = 16, BATCH = 256;

    private BranchScaleExercise() {}

    /** Measures the activation growth with your α(L) at depths 4, 16 and 64; never throws for a wrong answer. */
    public static Verdict check(IntToDoubleFunction alphaFor) {
        if (alphaFor == null) return Verdict.notYet(NAME, "no function given: pass depth -> alpha");
        List<String> lines = new ArrayList<>();
        INDArray x = gaussian(BATCH, INPUTS, 7);
        INDArray y = Loss.oneHot(labels(BATCH, 4), 4, DataType.FLOAT);
        String problem = null, hint = null;
        for (int depth : DEPTHS) {
            double alpha;
            try {
                alpha = alphaFor.applyAsDouble(depth);
            } catch (RuntimeException e) {
                lines.add("your function threw " + e.getClass().getSimpleName() + " for depth " + depth + (e.getMessage() == null ? "" : ": " + e.getMessage()));
                return Verdict.notYet(NAME, lines, List.of());
            }
            if (!Double.isFinite(alpha) || alpha <= 0) {
                lines.add("α(" + depth + ") = " + alpha + ": a branch scale must be a positive, finite number");
                return Verdict.notYet(NAME, lines, List.of());
            }
            double growth = growth(depth, alpha, x, y);
            lines.add(String.format(Locale.ENGLISH, "depth %2d: α = %.4g, activations grew %.3g×", depth, alpha, growth));
            if (problem != null) continue;
            if (!(growth <= HIGH)) {
                problem = String.format(Locale.ENGLISH, "at depth %d the activations grew %.3g× (want at most %.1f×)", depth, growth, HIGH);
                hint = "with He init each block multiplies the variance of x by about (1 + α²), so L blocks multiply it by (1 + α²)^L.";
            } else if (growth < LOW) {
                problem = String.format(Locale.ENGLISH, "at depth %d the activations grew only %.3g× (want at least %.1f×): the blocks barely add anything", depth, growth, LOW);
                hint = "the branches should still contribute a fixed share in total, whatever the depth: what keeps (1 + α²)^L about constant as L grows?";
            }
        }
        if (problem != null) {
            lines.add(problem);
            return Verdict.notYet(NAME, lines, List.of(hint));
        }
        lines.add(String.format(Locale.ENGLISH, "the growth stays between %.1f× and %.1f× from depth %d to %d", LOW, HIGH, DEPTHS[0], DEPTHS[DEPTHS.length - 1]));
        return Verdict.correct(NAME, lines);
    }

    /** std(x_L) ÷ std(x₀) of a fresh ReLU residual stack of {@code depth} blocks with branch scale α. */
    static double growth(int depth, double alpha, INDArray x, INDArray y) {
        Model m = BlockStack.of(depth, i -> Blocks.mlp(BlockKind.RESIDUAL, WIDTH, "relu", Init.he(), 1, false))
                .branchScale(alpha).headActivation("relu", false).inputs(INPUTS).outputs(4).seed(1).name("exercise").build();
        return SignalProfile.of(x, y, m).lastOverFirst("exercise", SignalProfile.ACTIVATION_STD);
    }

    private static INDArray gaussian(int rows, int cols, long seed) {
        Random rng = new Random(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = rng.nextGaussian();
        return Nd4j.create(v, new long[] {rows, cols}, DataType.FLOAT);
    }

    private static int[] labels(int n, int classes) {
        int[] l = new int[n];
        for (int i = 0; i < n; i++) l[i] = i % classes;
        return l;
    }
}
