package org.residuallab.check;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ExerciseChecksTest {

    @Test
    void branchScaleCheckAcceptsOneOverRootDepthAndExplainsWhatIsWrongOtherwise() {
        SelfCheck right = BranchScaleExercise.check(d -> 1 / Math.sqrt(d));
        assertTrue(right.passed(), right.toString());
        SelfCheck stub = BranchScaleExercise.check(d -> 1.0);
        assertFalse(stub.passed());
        assertTrue(stub.summary().contains("at most"), stub.summary());
        assertEquals(BranchScaleExercise.DEPTHS.length + 1, stub.details().size(), "every depth measured, then a hint");
        assertFalse(stub.toString().contains("√") || stub.toString().toLowerCase().contains("sqrt"), "never the answer");
    }

    @Test
    void branchScaleCheckNeverThrowsForAWrongAnswer() {
        assertFalse(BranchScaleExercise.check(d -> { throw new UnsupportedOperationException("TODO"); }).passed());
        assertTrue(BranchScaleExercise.check(d -> -1).summary().contains("positive"));
        assertTrue(BranchScaleExercise.check(d -> Double.NaN).summary().contains("finite"));
        assertFalse(BranchScaleExercise.check(null).passed());
    }

    @Test
    void pathCountCheckAcceptsTheBinomialAndFindsOverflow() {
        assertTrue(PathCountExercise.check((n, k) -> {
            long c = 1;
            for (int i = 1; i <= k; i++) c = c * (n - k + i) / i;
            return c;
        }).passed());
        SelfCheck factorials = PathCountExercise.check((n, k) -> fact(n) / (fact(k) * fact(n - k)));
        assertFalse(factorials.passed());
        assertTrue(factorials.summary().contains("30 blocks"), factorials.summary());
        assertTrue(factorials.details().stream().anyMatch(l -> l.contains("overflow")));
    }

    @Test
    void pathCountCheckPointsAtTheFirstWrongCountWithoutGivingTheRightOne() {
        SelfCheck offByOne = PathCountExercise.check((n, k) -> (n == 5 && k == 2) ? 11 : binomial(n, k));
        assertFalse(offByOne.passed());
        assertTrue(offByOne.summary().contains("5 blocks and length 2"), offByOne.summary());
        assertFalse(offByOne.toString().contains(" 10"), "does not reveal C(5,2)");
        assertTrue(offByOne.details().stream().anyMatch(l -> l.contains("symmetric")));
        SelfCheck stub = PathCountExercise.check((n, k) -> 0);
        assertTrue(stub.toString().contains("not yet correct"));
        assertFalse(PathCountExercise.check((n, k) -> { throw new IllegalStateException(); }).passed());
    }

    @Test
    void enumerationCountsEveryPath() {
        assertArrayEquals(new long[] {1, 3, 3, 1}, PathCountExercise.enumerate(3));
    }

    private static long fact(int n) {
        long f = 1;
        for (int i = 2; i <= n; i++) f *= i;
        return f;
    }

    private static long binomial(int n, int k) {
        long c = 1;
        for (int i = 1; i <= k; i++) c = c * (n - k + i) / i;
        return c;
    }
}
