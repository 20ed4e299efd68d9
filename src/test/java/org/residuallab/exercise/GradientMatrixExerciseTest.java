package org.residuallab.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.residuallab.data.Datasets;
import org.residuallab.experiment.Compare;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Models;
import org.residuallab.probe.Probes;
import org.residuallab.train.TrainConfig;
import tech.tablesaw.api.Table;

class GradientMatrixExerciseTest {
    static final String MODEL = "plain-sigmoid-d3";
    static Table probes;

    @BeforeAll
    static void train() {
        probes = Compare.plainVsResidual(Models.mlp(3, 6, "sigmoid", Init.glorotUniform(), BlockKind.RESIDUAL).seed(1))
                .data(Datasets.spirals(10, 3, 0.1, 1))
                .config(TrainConfig.builder().steps(9).batchSize(30).optimizer("sgd").learningRate(0.1).build())
                .probes(Probes.gradients().every(4))
                .run().probes();
    }

    /** The right answer, built the way a student would: rows layer_index 0..4, columns steps 0, 4, 8. */
    static double[][] answer() {
        double[][] m = new double[5][3];
        Table t = probes.where(probes.stringColumn("model").isEqualTo(MODEL).and(probes.stringColumn("metric").isEqualTo("weight_grad_l2")));
        for (int i = 0; i < t.rowCount(); i++) {
            m[t.intColumn("layer_index").getInt(i)][t.intColumn("step").getInt(i) / 4] = Math.log10(t.doubleColumn("value").getDouble(i));
        }
        return m;
    }

    @Test
    void theRightMatrixIsAccepted() {
        Verdict v = GradientMatrixExercise.check(answer(), probes, MODEL);
        assertTrue(v.correct(), v.toString());
        assertTrue(v.toString().startsWith("✔ correct: "), v.toString());
        assertTrue(v.measured().get(0).startsWith("your 5 × 3 (5 layers"), v.toString());
    }

    static Stream<Arguments> wrongAnswers() {
        return Stream.of(
                Arguments.of("null", (UnaryOperator<double[][]>) m -> null, "returned null"),
                Arguments.of("the student stub", (UnaryOperator<double[][]>) m -> new double[0][0], "empty; expected 5 × 3"),
                Arguments.of("transposed", (UnaryOperator<double[][]>) GradientMatrixExerciseTest::transpose, "rows and columns are swapped"),
                Arguments.of("a row short", (UnaryOperator<double[][]>) m -> java.util.Arrays.copyOf(m, 4), "is 4 × 3; expected 5 × 3"),
                Arguments.of("upside down", (UnaryOperator<double[][]>) GradientMatrixExerciseTest::flip, "upside down"),
                Arguments.of("no log", (UnaryOperator<double[][]>) m -> map(m, v -> Math.pow(10, v)), "norms themselves"),
                Arguments.of("natural log", (UnaryOperator<double[][]>) m -> map(m, v -> v * Math.log(10)), "natural logarithm"),
                Arguments.of("NaN entry", (UnaryOperator<double[][]>) m -> { m[2][1] = Double.NaN; return m; }, "entry [2][1] is NaN"),
                Arguments.of("one wrong cell", (UnaryOperator<double[][]>) m -> { m[3][2] += 1; return m; }, "1 of 15 entries differ; the first is row 3, column 2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongAnswers")
    void aWrongMatrixGetsAHintNotTheAnswer(String name, UnaryOperator<double[][]> mistake, String hint) {
        double[][] right = answer();
        Verdict v = GradientMatrixExercise.check(mistake.apply(answer()), probes, MODEL);
        assertFalse(v.correct());
        assertTrue(v.toString().startsWith("✘ not yet correct: "), v.toString());
        assertTrue(v.toString().contains(hint), v.toString());
        for (double[] row : right) for (double x : row) assertFalse(v.toString().contains(Double.toString(x)), "the verdict must not reveal an entry: " + v.toString());
    }

    @Test
    void theBackPropagatedGradientIsRecognisedAsTheWrongMetric() {
        double[][] out = map(GradientMatrixExercise.matrix(probes, MODEL, "out_grad_l2"), Math::log10);
        assertTrue(GradientMatrixExercise.check(out, probes, MODEL).toString().contains("out_grad_l2"));
    }

    @Test
    void anUnknownModelIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradientMatrixExercise.check(answer(), probes, "nope"));
        assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains(MODEL), e.getMessage());
    }

    @Test
    void matrixRowsAreLayersAndColumnsAreSteps() {
        double[][] m = GradientMatrixExercise.matrix(probes, MODEL, "weight_grad_l2");
        assertEquals(5, m.length);
        assertEquals(3, m[0].length);
    }

    private static double[][] transpose(double[][] m) {
        double[][] t = new double[m[0].length][m.length];
        for (int i = 0; i < m.length; i++) for (int j = 0; j < m[0].length; j++) t[j][i] = m[i][j];
        return t;
    }

    private static double[][] flip(double[][] m) {
        double[][] f = new double[m.length][];
        for (int i = 0; i < m.length; i++) f[i] = m[m.length - 1 - i];
        return f;
    }

    private static double[][] map(double[][] m, java.util.function.DoubleUnaryOperator f) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) out[i] = java.util.Arrays.stream(m[i]).map(f).toArray();
        return out;
    }
}
