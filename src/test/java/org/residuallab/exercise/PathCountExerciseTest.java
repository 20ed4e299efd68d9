package org.residuallab.exercise;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class PathCountExerciseTest {

    @Test
    void theBinomialCoefficientIsCorrect() {
        Verdict v = PathCountExercise.check(PathCountExerciseTest::binomial);
        assertTrue(v.correct(), v.toString());
        assertTrue(v.hints().isEmpty());
    }

    @Test
    void factorialsOverflowAtThirtyBlocksAndTheHintSaysSo() {
        Verdict factorials = PathCountExercise.check((n, k) -> fact(n) / (fact(k) * fact(n - k)));
        assertFalse(factorials.correct());
        assertTrue(factorials.measured().get(factorials.measured().size() - 1).contains("30 blocks"), factorials.toString());
        assertTrue(factorials.hints().stream().anyMatch(l -> l.contains("overflow")), factorials.toString());
    }

    @Test
    void theFirstWrongCountIsNamedWithoutGivingTheRightOne() {
        Verdict offByOne = PathCountExercise.check((n, k) -> (n == 5 && k == 2) ? 11 : binomial(n, k));
        assertFalse(offByOne.correct());
        assertTrue(offByOne.measured().get(0).contains("5 blocks and length 2"), offByOne.toString());
        assertFalse(offByOne.toString().contains(" 10"), "does not reveal C(5,2)");
        assertTrue(offByOne.measured().stream().anyMatch(l -> l.contains("symmetric")));
    }

    @Test
    void aStubOrAThrowingFunctionIsNotYetCorrect() {
        assertTrue(PathCountExercise.check((n, k) -> 0).toString().startsWith("✘ not yet correct: counting paths"));
        assertFalse(PathCountExercise.check((n, k) -> { throw new IllegalStateException(); }).correct());
        assertFalse(PathCountExercise.check(null).correct());
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
