package org.residuallab.exercise;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.residuallab.data.Dataset;
import org.residuallab.diagnose.RulesOfThumb;
import org.residuallab.nn.Mlp;
import org.residuallab.nn.Model;
import org.residuallab.probe.ProbeSession;
import org.residuallab.probe.Probes;
import org.residuallab.probe.UpdateRatio;
import org.residuallab.train.TrainConfig;
import org.residuallab.train.Trainer;

/**
 * Exercise: choose the SGD learning rate whose updates are about a thousandth of the weights. The check trains
 * a fresh model from {@code recipe} for {@code steps} steps at your learning rate on {@code train} and wants the
 * median log10 update:data ratio of its weight matrices within {@link #TOLERANCE} of −3, the rule of thumb.
 * It says how far off the updates are, and which way.
 * <pre>LearningRateExercise.check(1e-4, recipe, digits.train(), 20)</pre>
 */
public final class LearningRateExercise {
    /**
     * The median log10 update:data ratio asked for: −3 ± this, a factor 1.8 either way: tight enough that a learning
     * rate picked by feel rarely passes and one scaled from a measured ratio does.
     */
    public static final double TOLERANCE = 0.25;
    static final String NAME = "a learning rate with update:data ≈ 10⁻³";

    private LearningRateExercise() {}

    public static Verdict check(double learningRate, Mlp recipe, Dataset train, int steps) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) return Verdict.notYet(NAME, "the learning rate must be a positive number, got " + learningRate);
        if (recipe == null || train == null || steps < 1) throw new IllegalArgumentException("the learning-rate check needs a recipe, data and steps >= 1");
        Model m = recipe.build();
        List<Double> ratios = new ArrayList<>();
        try (ProbeSession s = Probes.of(new UpdateRatio()).every(1).attach(m)) {
            Trainer.of(TrainConfig.builder().steps(steps).batchSize(64).optimizer("sgd").learningRate(learningRate).seed(1).evalEvery(steps).build())
                    .fit(m, train);
            var t = s.table();
            for (int i = 0; i < t.rowCount(); i++) if (t.stringColumn("layer").get(i).endsWith("/W")) ratios.add(t.doubleColumn("value").getDouble(i));
        }
        double med = RulesOfThumb.median(ratios);
        if (Double.isNaN(med)) return Verdict.notYet(NAME, "with learning rate " + learningRate + " no update ratio could be measured (the run diverged?)");
        String measured = String.format(Locale.ROOT, "with learning rate %s the median log10 update:data ratio is %.2f", learningRate, med);
        if (Math.abs(med + 3) <= TOLERANCE) return Verdict.correct(NAME, List.of(measured + ", within " + TOLERANCE + " of −3"));
        return Verdict.notYet(NAME, measured + String.format(Locale.ROOT, ": updates are about %.0f× too %s", Math.pow(10, Math.abs(med + 3)),
                med > -3 ? "large" : "small"));
    }
}
