package org.residuallab.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.data.Dataset;
import org.residuallab.nn.Loss;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Mlp;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.nn.Param;
import org.residuallab.probe.GradDataRatio;
import org.residuallab.probe.ProbeSession;
import org.residuallab.probe.Probes;
import org.residuallab.probe.UpdateRatio;
import org.residuallab.train.TrainConfig;
import org.residuallab.train.Trainer;

/**
 * Self-checks for the diagnostics notebook's exercises. Each returns a {@link Verdict} (it never throws
 * because of a wrong answer): correct, or "not yet" with a hint about what differs, never the answer.
 * <pre>SelfCheck.gradDataRatio(p -&gt; myRatio(p))      // ✘ not yet: ...</pre>
 */
public final class SelfCheck {
    /** The median log10 update:data ratio the learning-rate exercise asks for: −3 ± this. */
    public static final double LR_TOLERANCE = 0.5;

    private SelfCheck() {}

    /** A checker's answer; prints as one line starting with ✔ or ✘. */
    public record Verdict(boolean correct, String message) {
        @Override
        public String toString() {
            return (correct ? "✔ " : "✘ not yet: ") + message;
        }
    }

    /**
     * Checks a grad:data ratio function on every weight matrix of a small plain tanh net after one
     * backward pass, against {@link GradDataRatio#ratio}; recognises common slips.
     */
    public static Verdict gradDataRatio(ToDoubleFunction<Param> yours) {
        if (yours == null) return new Verdict(false, "pass a function Param -> double");
        Random rng = new Random(5);
        double[] x = new double[40 * 12];
        int[] labels = new int[40];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextGaussian();
        for (int i = 0; i < labels.length; i++) labels[i] = i % 3;
        Model m = Models.mlp(4, 32, "tanh", Init.he(), BlockKind.PLAIN).inputs(12).outputs(3).seed(5).name("check").build();
        m.lossAndBackward(Nd4j.create(x, new long[] {40, 12}, DataType.FLOAT), Loss.oneHot(labels, 3, DataType.FLOAT));
        for (Param p : m.params()) {
            if (!p.trainable() || !GradDataRatio.isWeightMatrix(p)) continue;
            double mine, right = GradDataRatio.ratio(p);
            try {
                mine = yours.applyAsDouble(p);
            } catch (RuntimeException e) {
                return new Verdict(false, "your function threw " + e.getClass().getSimpleName() + " for " + p.path() + ": " + e.getMessage());
            }
            if (close(mine, right, 1e-4)) continue;
            String at = String.format(Locale.ROOT, "for %s you give %.4g; ", p.path(), mine);
            double gStd = GradDataRatio.std(p.grad()), wStd = GradDataRatio.std(p.value());
            if (!Double.isFinite(mine)) return new Verdict(false, at + "the ratio is a finite positive number");
            if (close(mine, gStd)) return new Verdict(false, at + "that is the gradient's spread alone — compare it with the weights' spread");
            if (close(mine, 1 / right)) return new Verdict(false, at + "that is upside down");
            if (close(mine, p.grad().ameanNumber().doubleValue() / p.value().ameanNumber().doubleValue())) {
                return new Verdict(false, at + "that is DL4J's ratio of mean magnitudes; Karpathy's grad:data uses standard deviations");
            }
            if (close(mine, Math.abs(p.grad().meanNumber().doubleValue()) / wStd) || close(mine, p.grad().meanNumber().doubleValue() / wStd)) {
                return new Verdict(false, at + "the gradient's mean is not its spread");
            }
            double off = Math.log10(Math.abs(mine) / right);
            return new Verdict(false, at + (Double.isFinite(off)
                    ? String.format(Locale.ROOT, "that is about 10^%.1f times the grad:data ratio", off)
                    : "the ratio of two spreads is not zero"));
        }
        return new Verdict(true, "your grad:data ratio matches GradDataRatio.ratio on every weight matrix");
    }

    /**
     * Trains {@code recipe} (a fresh model from it) for {@code steps} SGD steps at {@code learningRate} on
     * {@code train} and checks that the median log10 update:data ratio of its weight matrices is within
     * {@link #LR_TOLERANCE} of −3, the rule of thumb. Says how far off it is, and which way.
     */
    public static Verdict learningRate(double learningRate, Mlp recipe, Dataset train, int steps) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) return new Verdict(false, "the learning rate must be a positive number, got " + learningRate);
        if (recipe == null || train == null || steps < 1) throw new IllegalArgumentException("learningRate check needs a recipe, data and steps >= 1");
        Model m = recipe.build();
        List<Double> ratios = new ArrayList<>();
        try (ProbeSession s = Probes.of(new UpdateRatio()).every(1).attach(m)) {
            Trainer.of(TrainConfig.builder().steps(steps).batchSize(64).optimizer("sgd").learningRate(learningRate).seed(1).evalEvery(steps).build())
                    .fit(m, train);
            var t = s.table();
            for (int i = 0; i < t.rowCount(); i++) if (t.stringColumn("layer").get(i).endsWith("/W")) ratios.add(t.doubleColumn("value").getDouble(i));
        }
        double med = RulesOfThumb.median(ratios);
        String measured = String.format(Locale.ROOT, "with learning rate %s the median log10 update:data ratio is %.2f", learningRate, med);
        if (Double.isNaN(med)) return new Verdict(false, "with learning rate " + learningRate + " no update ratio could be measured (the run diverged?)");
        if (Math.abs(med + 3) <= LR_TOLERANCE) return new Verdict(true, measured + ", within " + LR_TOLERANCE + " of −3");
        return new Verdict(false, measured + String.format(Locale.ROOT, ": updates are about %.0f× too %s", Math.pow(10, Math.abs(med + 3)),
                med > -3 ? "large" : "small"));
    }

    /** Within 1% (a slip is recognised whether std is bias-corrected or not). */
    private static boolean close(double a, double b) {
        return close(a, b, 1e-2);
    }

    private static boolean close(double a, double b, double rtol) {
        return Math.abs(a - b) <= rtol * Math.max(Math.abs(b), 1e-30);
    }
}
