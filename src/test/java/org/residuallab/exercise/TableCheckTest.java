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

class TableCheckTest {

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
        TableCheck.Verdict v = TableCheck.finalValue(0.92, curves(), "residual", "test_accuracy");
        assertTrue(v.correct(), v.toString());
        assertTrue(v.toString().startsWith("✔"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0.81, step 49", "0.10, model 'plain'", "0.95, metric 'train_accuracy'", "NaN, NaN", "0.5, largest step"})
    void aSlipIsNamedWithoutGivingTheAnswer(double yours, String hint) {
        TableCheck.Verdict v = TableCheck.finalValue(yours, curves(), "residual", "test_accuracy");
        assertFalse(v.correct(), v.toString());
        assertTrue(v.toString().startsWith("✘ not yet: "), v.toString());
        assertTrue(v.message().contains(hint), v.message());
        assertFalse(v.message().contains("0.92"), "the answer must not be shown: " + v.message());
    }

    @Test
    void readsTheCsvTheCommandLineWrites(@TempDir Path dir) {
        Path file = dir.resolve("curves.csv");
        curves().write().csv(file.toFile());
        assertTrue(TableCheck.finalValue(0.92, file, "residual", "test_accuracy").correct());
    }

    @Test
    void badInputIsNamed(@TempDir Path dir) {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> TableCheck.finalValue(1, dir.resolve("nope.csv"), "m", "x"));
        assertTrue(missing.getMessage().contains("nope.csv"), missing.getMessage());
        IllegalArgumentException model = assertThrows(IllegalArgumentException.class,
                () -> TableCheck.finalValue(1, curves(), "resnet", "test_accuracy"));
        assertTrue(model.getMessage().contains("'resnet'"), model.getMessage());
        IllegalArgumentException column = assertThrows(IllegalArgumentException.class,
                () -> TableCheck.finalValue(1, Table.create("x", StringColumn.create("model")), "m", "x"));
        assertTrue(column.getMessage().contains("no column 'step'"), column.getMessage());
    }
}
