package org.residuallab.train;

/**
 * Loss and accuracy on the full training and test sets after {@code step} (evaluation mode: BatchNorm
 * uses its running statistics, dropout is off). Accuracy is NaN for regression; test values are NaN
 * when there is no test set.
 */
public record Evaluation(long step, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy) {
}
