package org.residuallab.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The curves of one training run: the batch loss every {@code logEvery} steps and the evaluations.
 * {@link #table} gives them as one tidy table.
 */
public final class History {
    private long[] steps = new long[64];
    private double[] losses = new double[64];
    private int size;
    private final List<Evaluation> evaluations = new ArrayList<>();

    void addLoss(long step, double loss) {
        if (size == steps.length) {
            steps = Arrays.copyOf(steps, size * 2);
            losses = Arrays.copyOf(losses, size * 2);
        }
        steps[size] = step;
        losses[size++] = loss;
    }

    void addEvaluation(Evaluation e) {
        evaluations.add(e);
    }

    /** The steps at which the batch loss was logged. */
    public long[] steps() { return Arrays.copyOf(steps, size); }

    /** The logged batch losses, parallel to {@link #steps()}. */
    public double[] losses() { return Arrays.copyOf(losses, size); }

    /** Number of logged losses. */
    public int size() { return size; }

    /** The last logged batch loss, or NaN before any step. */
    public double lastLoss() { return size == 0 ? Double.NaN : losses[size - 1]; }

    public List<Evaluation> evaluations() { return Collections.unmodifiableList(evaluations); }

    /**
     * Tidy table {@code model, step, metric, value}; metrics: batch_loss (every logged step) and, at each
     * evaluation, train_loss, train_accuracy, test_loss, test_accuracy (rows only for the values that exist).
     */
    public Table table(String model) {
        StringColumn m = StringColumn.create("model"), metric = StringColumn.create("metric");
        IntColumn step = IntColumn.create("step");
        DoubleColumn value = DoubleColumn.create("value");
        for (int i = 0; i < size; i++) add(m, step, metric, value, model, steps[i], "batch_loss", losses[i]);
        for (Evaluation e : evaluations) {
            add(m, step, metric, value, model, e.step(), "train_loss", e.trainLoss());
            add(m, step, metric, value, model, e.step(), "train_accuracy", e.trainAccuracy());
            add(m, step, metric, value, model, e.step(), "test_loss", e.testLoss());
            add(m, step, metric, value, model, e.step(), "test_accuracy", e.testAccuracy());
        }
        return Table.create("history", m, step, metric, value);
    }

    private static void add(StringColumn m, IntColumn step, StringColumn metric, DoubleColumn value,
                            String model, long s, String name, double v) {
        if (Double.isNaN(v)) return;
        m.append(model);
        step.append(Math.toIntExact(s));
        metric.append(name);
        value.append(v);
    }
}
