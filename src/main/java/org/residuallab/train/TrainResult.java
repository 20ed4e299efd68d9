package org.residuallab.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import tech.tablesaw.api.Table;

/**
 * The outcome of one training run: its history, the final evaluation and the full configuration
 * that produced it (model, data, trainer). An interrupted run keeps the history up to the step where
 * it stopped; a diverged one keeps it up to the last finite loss.
 */
public final class TrainResult {
    /** How the run ended. */
    public enum Status { COMPLETED, INTERRUPTED, DIVERGED }

    private final String model;
    private final Map<String, Object> config;
    private final TrainConfig trainConfig;
    private final History history;
    private final Status status;
    private final String message;
    private final long stepsDone;
    private final double seconds;
    private final Evaluation last;

    TrainResult(String model, Map<String, Object> config, TrainConfig trainConfig, History history, Status status,
                String message, long stepsDone, double seconds, Evaluation last) {
        this.model = model;
        this.config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        this.trainConfig = trainConfig;
        this.history = history;
        this.status = status;
        this.message = message;
        this.stepsDone = stepsDone;
        this.seconds = seconds;
        this.last = last;
    }

    public String model() { return model; }

    public History history() { return history; }

    public Status status() { return status; }

    public boolean interrupted() { return status == Status.INTERRUPTED; }

    /** Why the run stopped early (the divergence message), or "" when it completed. */
    public String message() { return message; }

    /** Optimizer steps taken in this run. */
    public long stepsDone() { return stepsDone; }

    /** Wall time of the run in seconds, evaluations included. */
    public double seconds() { return seconds; }

    public TrainConfig trainConfig() { return trainConfig; }

    /**
     * Everything that produced this result, as an ordered map: {@code model}, the model's own
     * configuration (block, depth, width, activation, init, seed, ...), {@code train_data},
     * {@code test_data} and the {@link TrainConfig} entries.
     */
    public Map<String, Object> config() { return config; }

    /** The final evaluation (after the last step taken), or null when the run diverged. */
    public Evaluation finalEvaluation() { return last; }

    /** Mean loss on the full training set after the last step; NaN when the run diverged. */
    public double finalTrainLoss() { return last == null ? Double.NaN : last.trainLoss(); }

    /** Accuracy on the full training set after the last step; empty for regression or a diverged run. */
    public OptionalDouble finalTrainAccuracy() { return optional(last == null ? Double.NaN : last.trainAccuracy()); }

    /** Mean loss on the test set; empty without a test set. */
    public OptionalDouble finalTestLoss() { return optional(last == null ? Double.NaN : last.testLoss()); }

    /** Accuracy on the test set; empty without a test set or for regression. */
    public OptionalDouble finalTestAccuracy() { return optional(last == null ? Double.NaN : last.testAccuracy()); }

    /** The loss and accuracy curves as a tidy table (see {@link History#table}). */
    public Table curves() { return history.table(model); }

    private static OptionalDouble optional(double v) {
        return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s: %s after %d steps (%.1f s), train loss %.4f%s%s", model,
                status.name().toLowerCase(java.util.Locale.ROOT), stepsDone, seconds, finalTrainLoss(),
                finalTrainAccuracy().isPresent() ? String.format(java.util.Locale.ROOT, ", train acc %.3f", finalTrainAccuracy().getAsDouble()) : "",
                finalTestAccuracy().isPresent() ? String.format(java.util.Locale.ROOT, ", test acc %.3f", finalTestAccuracy().getAsDouble()) : "");
    }
}
