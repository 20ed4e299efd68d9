package org.residuallab.exercise;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Exercise: read a tidy CSV ({@code model, step, metric, value}, as the command line writes
 * curves and probes) into Tablesaw: is {@code yours} the value of {@code metric} for {@code model} at
 * its last step? It never throws for a wrong answer and never prints the right one; it recognises the
 * usual slips (another step, another model, another metric).
 * <pre>CsvValueExercise.check(yours, Path.of("out/compare/curves.csv"), "residual-sigmoid-d20", "test_accuracy")</pre>
 */
public final class CsvValueExercise {
    private CsvValueExercise() {}

    /** Checks {@code yours} against the last-step value of {@code metric} for {@code model} in the CSV file. */
    public static Verdict check(double yours, Path csv, String model, String metric) {
        return check(yours, read(csv), model, metric);
    }

    /** Checks {@code yours} against the last-step value of {@code metric} for {@code model} in a tidy table. */
    public static Verdict check(double yours, Table t, String model, String metric) {
        String name = "the " + metric + " of " + model + " at its last step";
        for (String c : new String[] {"model", "step", "metric", "value"}) {
            if (!t.containsColumn(c)) throw new IllegalArgumentException("table '" + t.name() + "' has no column '" + c + "' (it has " + t.columnNames() + ")");
        }
        Column<?> models = t.column("model"), metrics = t.column("metric");
        NumericColumn<?> steps = t.numberColumn("step"), values = t.numberColumn("value");
        int right = lastRow(t, model, metric);
        if (right < 0) throw new IllegalArgumentException("table '" + t.name() + "' has no rows for model '" + model + "' and metric '" + metric + "'");
        if (Double.isNaN(yours)) return Verdict.notYet(name, "your value is NaN — compute it from the table");
        if (same(yours, values.getDouble(right))) {
            return Verdict.correct(name, List.of("that is the " + metric + " of " + model + " at its last step (" + (long) steps.getDouble(right) + ")"));
        }
        for (int i = 0; i < t.rowCount(); i++) {
            if (!same(yours, values.getDouble(i))) continue;
            boolean sameModel = models.getString(i).equals(model), sameMetric = metrics.getString(i).equals(metric);
            if (sameModel && sameMetric) return Verdict.notYet(name, "that is the value at step " + (long) steps.getDouble(i) + ", not at the last step");
            if (sameMetric && i == lastRow(t, models.getString(i), metric)) return Verdict.notYet(name, "that is the value of model '" + models.getString(i) + "'");
            if (sameModel && i == lastRow(t, model, metrics.getString(i))) return Verdict.notYet(name, "that is metric '" + metrics.getString(i) + "'");
        }
        return Verdict.notYet(name, String.format(Locale.ROOT, "%s is not a value of this table at the right row: keep the rows of model '%s' "
                + "and metric '%s', then the one with the largest step", yours, model, metric));
    }

    /** The row holding {@code metric} of {@code model} at its largest step, or −1. */
    private static int lastRow(Table t, String model, String metric) {
        Column<?> models = t.column("model"), metrics = t.column("metric");
        NumericColumn<?> steps = t.numberColumn("step");
        int best = -1;
        for (int i = 0; i < t.rowCount(); i++) {
            if (models.getString(i).equals(model) && metrics.getString(i).equals(metric) && (best < 0 || steps.getDouble(i) > steps.getDouble(best))) best = i;
        }
        return best;
    }

    private static boolean same(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
    }

    private static Table read(Path csv) {
        if (csv == null || !Files.isRegularFile(csv)) throw new IllegalArgumentException("no CSV file at " + csv);
        try {
            return Table.read().csv(csv.toFile());
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot read " + csv + " as CSV: " + e.getMessage(), e));
        }
    }
}
