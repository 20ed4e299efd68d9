package org.residuallab.exercise;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.residuallab.nn.Init;

class InitExerciseTest {

    @Test
    void smallNormalInitIsNotLevelAndTheVerdictSaysTheGradientVanishes() {
        Verdict v = InitExercise.check(Init.normal(0.01));
        assertFalse(v.correct());
        assertTrue(v.measured().get(0).contains("vanishes"), v.toString());
    }

    @Test
    void aVarianceNearTheEdgeOfChaosKeepsBothGradientsLevel() {
        Verdict v = InitExercise.check(Init.normal(0.15));
        assertTrue(v.correct(), v.toString());
    }

    @Test
    void tooLargeAnInitExplodes() {
        Verdict v = InitExercise.check(Init.normal(0.3));
        assertFalse(v.correct());
        assertTrue(v.measured().get(0).contains("explodes"), v.toString());
    }
}
