package org.residuallab.viz;

import java.util.Map;

/** Metric names the plots read by default, and the axis labels they get. */
public final class Metrics {
    private Metrics() {}

    public static final String WEIGHT_GRAD_NORM = "weight_grad_norm";
    public static final String OUTPUT_GRAD_NORM = "output_grad_norm";
    public static final String UPDATE_RATIO = "update_ratio";
    public static final String TRAIN_LOSS = "train_loss";
    public static final String TRAIN_ACCURACY = "train_accuracy";
    public static final String TEST_ACCURACY = "test_accuracy";

    private static final Map<String, String> LABELS = Map.of(
        WEIGHT_GRAD_NORM, "weight-gradient norm ‖dL/dW‖",
        OUTPUT_GRAD_NORM, "back-propagated gradient norm ‖dL/dh‖",
        UPDATE_RATIO, "log10 update:data ratio",
        TRAIN_LOSS, "training loss",
        TRAIN_ACCURACY, "training accuracy",
        TEST_ACCURACY, "test accuracy");

    /** A human label for a metric name (the name itself, with underscores as spaces, when unknown). */
    public static String label(String metric) {
        return LABELS.getOrDefault(metric, metric.replace('_', ' '));
    }
}
