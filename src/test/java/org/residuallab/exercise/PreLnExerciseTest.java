package org.residuallab.exercise;

import static org.junit.jupiter.api.Assertions.*;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.residuallab.nn.Dense;
import org.residuallab.nn.Identity;
import org.residuallab.nn.LayerNorm;
import org.residuallab.nn.PlainBlock;
import org.residuallab.nn.ResidualBlock;
import org.residuallab.nn.Sequential;

/** The checker accepts the pre-LN sub-block and names each usual misplacement of the LayerNorm, never the answer. */
class PreLnExerciseTest {

    @Test
    void acceptsThePreLnBlock() {
        Verdict v = PreLnExercise.check((width, f) -> new ResidualBlock(Sequential.of(new LayerNorm(width), f), new Identity()));
        assertTrue(v.correct(), v.toString());
        assertTrue(v.toString().startsWith("✔ correct"), v.toString());
    }

    static Stream<Arguments> wrongPlacements() {
        return Stream.of(
                Arguments.of("the post-LN block it started from", (PreLnExercise.Maker) (width, f) ->
                        new ResidualBlock(Sequential.of(f), new Identity()).post(new LayerNorm(width)), "LN(x + F(x))", "belongs to the branch"),
                Arguments.of("no skip", (PreLnExercise.Maker) (width, f) ->
                        new PlainBlock(Sequential.of(new LayerNorm(width), f)), "F(LN(x))", "Identity shortcut"),
                Arguments.of("no LayerNorm", (PreLnExercise.Maker) (width, f) ->
                        new ResidualBlock(Sequential.of(f), new Identity()), "x + F(x)", "start with a LayerNorm"),
                Arguments.of("LayerNorm after F", (PreLnExercise.Maker) (width, f) ->
                        new ResidualBlock(Sequential.of(f, new LayerNorm(width)), new Identity()), "x + LN(F(x))", "in front of F"),
                Arguments.of("LayerNorm before the fork", (PreLnExercise.Maker) (width, f) ->
                        Sequential.of(new LayerNorm(width), new ResidualBlock(Sequential.of(f), new Identity())), "LN(x) + F(LN(x))", "x reaches the output unchanged"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongPlacements")
    void rejectsAndNamesTheTypicalWrongPlacements(String name, PreLnExercise.Maker maker, String computes, String hint) {
        Verdict v = PreLnExercise.check(maker);
        assertFalse(v.correct(), v.toString());
        assertTrue(v.toString().startsWith("✘ not yet correct"), v.toString());
        assertTrue(v.measured().get(0).contains("your block computes " + computes), v.toString());
        assertTrue(v.hints().get(0).contains(hint), v.toString());
        assertFalse(v.toString().contains("new LayerNorm"), "never shows code: " + v);
    }

    @Test
    void aBlockWithAnotherBranchIsToldToUseTheGivenOne() {
        Verdict v = PreLnExercise.check((width, f) -> new ResidualBlock(Sequential.of(new LayerNorm(width), new Dense(width, width)), new Identity()));
        assertFalse(v.correct());
        assertTrue(v.toString().contains("F's weights are not among your block's parameters"), v.toString());
    }

    @Test
    void reportsAnExceptionOrANullInsteadOfThrowing() {
        Verdict v = PreLnExercise.check((width, f) -> { throw new UnsupportedOperationException("todo"); });
        assertFalse(v.correct());
        assertTrue(v.toString().contains("threw UnsupportedOperationException: todo"), v.toString());
        assertTrue(PreLnExercise.check((width, f) -> null).toString().contains("returned null"));
        assertFalse(PreLnExercise.check(null).correct());
    }

    @Test
    void namesAShapeChange() {
        Verdict v = PreLnExercise.check((width, f) -> Sequential.of(f, new Dense(width, 3)));
        assertFalse(v.correct());
        assertTrue(v.toString().contains("must keep the shape"), v.toString());
    }
}
