package org.residuallab.exercise;

import static org.junit.jupiter.api.Assertions.*;

import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.residuallab.probe.GradDataRatio;
import org.residuallab.nn.Param;

class GradDataExerciseTest {

    @Test
    void theRightFormulaPassesWhetherStdIsBiasCorrectedOrNot() {
        Verdict v = GradDataExercise.check(p -> p.grad().stdNumber().doubleValue() / p.value().stdNumber().doubleValue());
        assertTrue(v.correct(), v.toString());
        assertTrue(v.toString().startsWith("✔"), v.toString());
        assertTrue(GradDataExercise.check(GradDataRatio::ratio).correct());
    }

    static Stream<Arguments> slips() {
        return Stream.of(
                Arguments.of("the stub", (ToDoubleFunction<Param>) p -> 0, "not zero"),
                Arguments.of("gradient spread only", (ToDoubleFunction<Param>) p -> p.grad().stdNumber().doubleValue(), "spread alone"),
                Arguments.of("upside down", (ToDoubleFunction<Param>) p -> p.value().stdNumber().doubleValue() / p.grad().stdNumber().doubleValue(), "upside down"),
                Arguments.of("mean magnitudes", (ToDoubleFunction<Param>) p -> p.grad().ameanNumber().doubleValue() / p.value().ameanNumber().doubleValue(), "mean magnitudes"),
                Arguments.of("mean not spread", (ToDoubleFunction<Param>) p -> p.grad().meanNumber().doubleValue() / p.value().stdNumber().doubleValue(), "mean is not its spread"),
                Arguments.of("NaN", (ToDoubleFunction<Param>) p -> Double.NaN, "finite"),
                Arguments.of("throws", (ToDoubleFunction<Param>) p -> { throw new IllegalStateException("todo"); }, "threw IllegalStateException"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("slips")
    void aSlipGetsAHintNotTheFormula(String name, ToDoubleFunction<Param> yours, String hint) {
        Verdict v = GradDataExercise.check(yours);
        assertFalse(v.correct(), v.toString());
        assertTrue(v.toString().startsWith("✘ not yet correct: the grad:data ratio"), v.toString());
        assertTrue(v.toString().contains(hint), v.toString());
        assertFalse(v.toString().contains("std(") || v.toString().contains(" / "), "no formula in the hint: " + v);
    }
}
