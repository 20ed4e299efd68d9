package org.residuallab.exercise;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class CsvValueExerciseTest {

    /** Curves of two models, rows deliberately not in step order. */
    private static Table curves() {
        Table t = Table.create("curves", StringColumn.create("model"), IntColumn.create("step"), StringColumn.create("metric"), DoubleColumn.create("value"));
        Object[][] rows = {
            {"plain", 99, "test_accuracy", 0.10}, {"plain", 49, "test_accuracy", 0.11},
            {"residual", 99, "test_accuracy", 0.92}, {"residual", 49, "test_accuracy", 0.81},
            {"residual", 99, "train_accuracy", 0.95}, {"residual", 149, "test_loss", 0.33},
        };
        for (Object[] r : rows) {
            t.stringColumn("model").append((String) r[0]);
            t.intColumn("step").append((Integer) r[1]);
            t.stringColumn("metric").append((String) r[2]);
            t.doubleColumn("value").append((Double) r[3]);
        }
        return t;
    }

    @Test
    void theLastStepsValueIsCorrect() {
        Verdict v = CsvValueExercise.check(0.92, curves(), "residual", "test_accuracy");
        assertTrue(v.correct(), v.toString());
        assertTrue(v.toString().startsWith("✔"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0.81, step 49", "0.10, model 'plain'", "0.95, metric 'train_accuracy'", "NaN, NaN", "0.5, largest step"})
    void aSlipIsNamedWithoutGivingTheAnswer(double yours, String hint) {
        Verdict v = CsvValueExercise.check(yours, curves(), "residual", "test_accuracy");
        assertFalse(v.correct(), v.toString());
        assertTrue(v.toString().startsWith("✘ not yet correct: "), v.toString());
        assertTrue(v.toString().contains(hint), v.toString());
        assertFalse(v.toString().contains("0.92"), "the answer must not be shown: " + v.toString());
    }

    @Test
    void readsTheCsvTheCommandLineWrites(@TempDir Path dir) {
        Path file = dir.resolve("curves.csv");
        curves().write().csv(file.toFile());
        assertTrue(CsvValueExercise.check(0.92, file, "residual", "test_accuracy").correct());
    }

    @Test
    void badInputIsNamed(@TempDir Path dir) {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> CsvValueExercise.check(1, dir.resolve("nope.csv"), "m", "x"));
        assertTrue(missing.getMessage().contains("nope.csv"), missing.getMessage());
        IllegalArgumentException model = assertThrows(IllegalArgumentException.class,
                () -> CsvValueExercise.check(1, curves(), "resnet", "test_accuracy"));
        assertTrue(model.getMessage().contains("'resnet'"), model.getMessage());
        IllegalArgumentException column = assertThrows(IllegalArgumentException.class,
                () -> CsvValueExercise.check(1, Table.create("x", StringColumn.create("model")), "m", "x"));
        assertTrue(column.getMessage().contains("no column 'step'"), column.getMessage());
    }
}
