package org.residuallab.viz;

import java.util.Map;

/** Metric names the plots read by default, and the axis labels they get. */
public final class Metrics {
    private Metrics() {}

    /** dL/dW pooled over each unit's weight matrices, L2 norm (the probes' name). */
    public static final String WEIGHT_GRAD_NORM = "weight_grad_l2";
    /** The back-propagated gradient dL/dh at each unit's output, L2 norm. */
    public static final String OUTPUT_GRAD_NORM = "out_grad_l2";
    /** log10(std(update) / std(weight)) per parameter. */
    public static final String UPDATE_RATIO = "update_ratio_log10";
    public static final String BATCH_LOSS = "batch_loss";
    public static final String TRAIN_LOSS = "train_loss";
    public static final String TRAIN_ACCURACY = "train_accuracy";
    public static final String TEST_ACCURACY = "test_accuracy";

    private static final Map<String, String> LABELS = Map.ofEntries(
        Map.entry(WEIGHT_GRAD_NORM, "weight-gradient norm ‖dL/dW‖"),
        Map.entry(OUTPUT_GRAD_NORM, "back-propagated gradient norm ‖dL/dh‖"),
        Map.entry(UPDATE_RATIO, "log10 update:data ratio"),
        Map.entry(TRAIN_LOSS, "training loss"),
        Map.entry(BATCH_LOSS, "batch loss"),
        Map.entry("final_train_loss", "final training loss"),
        Map.entry("final_train_accuracy", "final training accuracy"),
        Map.entry("final_test_accuracy", "final test accuracy"),
        Map.entry("grad_ratio_first_to_last", "gradient ratio first/last block"),
        Map.entry(TRAIN_ACCURACY, "training accuracy"),
        Map.entry(TEST_ACCURACY, "test accuracy"));

    /** {@link #label} with a capital first letter, for titles. */
    public static String title(String metric) {
        String l = label(metric);
        return l.isEmpty() ? l : Character.toUpperCase(l.charAt(0)) + l.substring(1);
    }

    /** A human label for a metric name (the name itself, with underscores as spaces, when unknown). */
    public static String label(String metric) {
        return LABELS.getOrDefault(metric, metric.replace('_', ' '));
    }
}
