package org.residuallab.exercise;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.residuallab.data.Dataset;
import org.residuallab.data.Datasets;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Mlp;
import org.residuallab.nn.Models;

class LearningRateExerciseTest {
    private static final Dataset SPIRALS = Datasets.spirals(40, 3, 0.1, 1);

    private static Mlp recipe() {
        return Models.mlp(4, 16, "sigmoid", Init.glorotUniform(), BlockKind.RESIDUAL).inputs(2).outputs(3).seed(1);
    }

    @Test
    void theVerdictSaysWhichWayAndHowFarTheUpdatesAreOff() {
        Verdict tiny = LearningRateExercise.check(1e-5, recipe(), SPIRALS, 10);
        assertFalse(tiny.correct());
        assertTrue(tiny.toString().contains("too small"), tiny.toString());
        Verdict huge = LearningRateExercise.check(100, recipe(), SPIRALS, 10);
        assertFalse(huge.correct());
        assertTrue(huge.toString().contains("too large"), huge.toString());
    }

    @Test
    void aLearningRateGivingUpdatesNearOneThousandthPasses() {
        Verdict probe = LearningRateExercise.check(1e-3, recipe(), SPIRALS, 10);
        double median = Double.parseDouble(probe.measured().get(0).replaceAll(".*ratio is (-?[0-9.]+).*", "$1"));
        double lr = 1e-3 * Math.pow(10, -3 - median);   // with plain SGD the ratio scales with the learning rate
        Verdict v = LearningRateExercise.check(lr, recipe(), SPIRALS, 10);
        assertTrue(v.correct(), v.toString());
    }

    @Test
    void aLearningRateTenTimesTooLargeIsNotYetCorrectAndSaysWhichWay() {
        Verdict probe = LearningRateExercise.check(1e-3, recipe(), SPIRALS, 10);
        double median = Double.parseDouble(probe.measured().get(0).replaceAll(".*ratio is (-?[0-9.]+).*", "$1"));
        double lr = 1e-3 * Math.pow(10, -3 - median);
        Verdict twice = LearningRateExercise.check(10 * lr, recipe(), SPIRALS, 10);
        assertFalse(twice.correct(), twice.toString());
        assertTrue(twice.toString().contains("too large"), twice.toString());
    }

    @Test
    void aLearningRateThatIsNotAPositiveNumberIsNotYetCorrect() {
        assertFalse(LearningRateExercise.check(Double.NaN, recipe(), SPIRALS, 10).correct());
        assertFalse(LearningRateExercise.check(-0.1, recipe(), SPIRALS, 10).correct());
    }
}
