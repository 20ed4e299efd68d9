package org.residuallab.diagnose;

import static org.junit.jupiter.api.Assertions.*;

import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.residuallab.data.Dataset;
import org.residuallab.data.Datasets;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Mlp;
import org.residuallab.nn.Models;
import org.residuallab.nn.Param;
import org.residuallab.probe.GradDataRatio;

class SelfCheckTest {

    @Test
    void theRightFormulaPassesWhetherStdIsBiasCorrectedOrNot() {
        SelfCheck.Verdict v = SelfCheck.gradDataRatio(p -> p.grad().stdNumber().doubleValue() / p.value().stdNumber().doubleValue());
        assertTrue(v.correct(), v.toString());
        assertTrue(v.toString().startsWith("✔"), v.toString());
        assertTrue(SelfCheck.gradDataRatio(GradDataRatio::ratio).correct());
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
    void aSlipGetsAHintNotTheAnswer(String name, ToDoubleFunction<Param> yours, String hint) {
        SelfCheck.Verdict v = SelfCheck.gradDataRatio(yours);
        assertFalse(v.correct(), v.toString());
        assertTrue(v.toString().startsWith("✘ not yet: "), v.toString());
        assertTrue(v.message().contains(hint), v.message());
        assertFalse(v.message().contains("std(") || v.message().contains(" / "), "no formula in the hint: " + v.message());
    }

    private static final Dataset SPIRALS = Datasets.spirals(40, 3, 0.1, 1);

    private static Mlp recipe() {
        return Models.mlp(4, 16, "sigmoid", Init.glorotUniform(), BlockKind.RESIDUAL).inputs(2).outputs(3).seed(1);
    }

    @Test
    void learningRateVerdictSaysWhichWayAndHowFar() {
        SelfCheck.Verdict tiny = SelfCheck.learningRate(1e-5, recipe(), SPIRALS, 10);
        assertFalse(tiny.correct());
        assertTrue(tiny.message().contains("too small"), tiny.message());
        SelfCheck.Verdict huge = SelfCheck.learningRate(100, recipe(), SPIRALS, 10);
        assertFalse(huge.correct());
        assertTrue(huge.message().contains("too large"), huge.message());
    }

    @Test
    void aLearningRateGivingUpdatesNearOneThousandthPasses() {
        SelfCheck.Verdict probe = SelfCheck.learningRate(1e-3, recipe(), SPIRALS, 10);
        double median = Double.parseDouble(probe.message().replaceAll(".*ratio is (-?[0-9.]+).*", "$1"));
        double lr = 1e-3 * Math.pow(10, -3 - median);   // with plain SGD the ratio scales with the learning rate
        SelfCheck.Verdict v = SelfCheck.learningRate(lr, recipe(), SPIRALS, 10);
        assertTrue(v.correct(), v.toString());
    }

    @Test
    void aLearningRateThatIsNotAPositiveNumberIsNotYetCorrect() {
        assertFalse(SelfCheck.learningRate(Double.NaN, recipe(), SPIRALS, 10).correct());
        assertFalse(SelfCheck.learningRate(-0.1, recipe(), SPIRALS, 10).correct());
    }
}
