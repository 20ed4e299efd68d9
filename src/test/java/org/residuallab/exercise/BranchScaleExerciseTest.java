package org.residuallab.exercise;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class BranchScaleExerciseTest {

    @Test
    void oneOverRootDepthIsCorrectAndAConstantScaleIsExplained() {
        Verdict right = BranchScaleExercise.check(d -> 1 / Math.sqrt(d));
        assertTrue(right.correct(), right.toString());
        Verdict stub = BranchScaleExercise.check(d -> 1.0);
        assertFalse(stub.correct());
        assertEquals(BranchScaleExercise.DEPTHS.length + 1, stub.measured().size(), "every depth measured, then what is wrong");
        assertTrue(stub.measured().get(BranchScaleExercise.DEPTHS.length).contains("at most"), stub.toString());
        assertEquals(1, stub.hints().size(), stub.toString());
        assertFalse(stub.toString().contains("√") || stub.toString().toLowerCase().contains("sqrt"), "never the answer");
    }

    @Test
    void aWrongAnswerNeverThrows() {
        assertFalse(BranchScaleExercise.check(d -> { throw new UnsupportedOperationException("TODO"); }).correct());
        assertTrue(BranchScaleExercise.check(d -> -1).toString().contains("positive"));
        assertTrue(BranchScaleExercise.check(d -> Double.NaN).toString().contains("finite"));
        assertFalse(BranchScaleExercise.check(null).correct());
    }
}
