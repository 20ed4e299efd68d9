package org.residuallab.exercise;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.probe.GradDataRatio;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Loss;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.nn.Param;
import tech.tablesaw.api.Table;

/**
 * Exercise: compute Karpathy's grad:data ratio of a weight matrix yourself. The check runs your function on
 * every weight matrix of a small plain tanh net after one backward pass, compares it with
 * {@link GradDataRatio#ratio} and recognises the common slips, without giving the formula.
 * <pre>GradDataExercise.check(p -&gt; myRatio(p))      // ✘ not yet correct: ...</pre>
 */
public final class GradDataExercise {
    static final String NAME = "the grad:data ratio";

    private GradDataExercise() {}

    public static Verdict check(ToDoubleFunction<Param> yours) {
        if (yours == null) return Verdict.notYet(NAME, "pass a function Param -> double");
        Random rng = new Random(5);
        double[] x = new double[40 * 12];
        int[] labels = new int[40];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextGaussian();
        for (int i = 0; i < labels.length; i++) labels[i] = i % 3;
        Model m = Models.mlp(4, 32, "tanh", Init.he(), BlockKind.PLAIN).inputs(12).outputs(3).seed(5).name("check").build();
        m.lossAndBackward(Nd4j.create(x, new long[] {40, 12}, DataType.FLOAT), Loss.oneHot(labels, 3, DataType.FLOAT));
        Map<String, Param> params = new LinkedHashMap<>();
        for (Param p : m.params()) params.put(p.path(), p);
        Table weights = GradDataRatio.of(m);   // one row per weight matrix: the right ratio and both spreads
        for (int row = 0; row < weights.rowCount(); row++) {
            Param p = params.get(weights.stringColumn("param").get(row));
            double mine, right = weights.doubleColumn(GradDataRatio.METRIC).getDouble(row);
            try {
                mine = yours.applyAsDouble(p);
            } catch (RuntimeException e) {
                return Verdict.notYet(NAME, "your function threw " + e.getClass().getSimpleName() + " for " + p.path() + ": " + e.getMessage());
            }
            if (close(mine, right, 1e-4)) continue;
            String at = String.format(Locale.ROOT, "for %s you give %.4g; ", p.path(), mine);
            double gStd = weights.doubleColumn("grad_std").getDouble(row), wStd = weights.doubleColumn("data_std").getDouble(row);
            if (!Double.isFinite(mine)) return Verdict.notYet(NAME, at + "the ratio is a finite positive number");
            if (close(mine, gStd)) return Verdict.notYet(NAME, at + "that is the gradient's spread alone — compare it with the weights' spread");
            if (close(mine, 1 / right)) return Verdict.notYet(NAME, at + "that is upside down");
            if (close(mine, p.grad().ameanNumber().doubleValue() / p.value().ameanNumber().doubleValue())) {
                return Verdict.notYet(NAME, at + "that is DL4J's ratio of mean magnitudes; Karpathy's grad:data uses standard deviations");
            }
            if (close(mine, Math.abs(p.grad().meanNumber().doubleValue()) / wStd) || close(mine, p.grad().meanNumber().doubleValue() / wStd)) {
                return Verdict.notYet(NAME, at + "the gradient's mean is not its spread");
            }
            double off = Math.log10(Math.abs(mine) / right);
            return Verdict.notYet(NAME, at + (Double.isFinite(off)
                    ? String.format(Locale.ROOT, "that is about 10^%.1f times the grad:data ratio", off)
                    : "the ratio of two spreads is not zero"));
        }
        return Verdict.correct(NAME, List.of("your grad:data ratio matches GradDataRatio.ratio on every weight matrix"));
    }

    /** Within 1% (a slip is recognised whether std is bias-corrected or not). */
    private static boolean close(double a, double b) {
        return close(a, b, 1e-2);
    }

    private static boolean close(double a, double b, double rtol) {
        return Math.abs(a - b) <= rtol * Math.max(Math.abs(b), 1e-30);
    }
}
