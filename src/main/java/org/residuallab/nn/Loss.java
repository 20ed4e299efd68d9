package org.residuallab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A loss: {@code forward(prediction, target)} returns the mean loss over the batch and keeps what
 * {@code backward()} needs to return dL/dprediction.
 */
public interface Loss {
    /** prediction (B, K) or (B, T, K), target of the same shape (or, for cross-entropy, class indices (B) or (B, T)) -> mean loss. */
    double forward(INDArray prediction, INDArray target);

    /** -> dPrediction, the prediction's shape. */
    INDArray backward();

    String name();

    static Loss softmaxCrossEntropy() {
        return new SoftmaxCrossEntropy();
    }

    static Loss mse() {
        return new MeanSquaredError();
    }

    static Loss parse(String name) {
        switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "ce": case "cross-entropy": case "softmax-cross-entropy": return softmaxCrossEntropy();
            case "mse": return mse();
            default: throw new IllegalArgumentException("unknown loss '" + name + "': expected cross-entropy or mse");
        }
    }

    /** Labels 0..K-1 as a one-hot (B, K) matrix of {@code like}'s type. */
    static INDArray oneHot(int[] labels, int classes, org.nd4j.linalg.api.buffer.DataType type) {
        double[] v = new double[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " at row " + i + " is outside 0.." + (classes - 1));
            }
            v[i * classes + labels[i]] = 1;
        }
        return Nd4j.create(v, new long[] {labels.length, classes}, type);
    }

    static void checkShapes(String loss, INDArray prediction, INDArray target) {
        if (!java.util.Arrays.equals(prediction.shape(), target.shape())) {
            throw new ShapeMismatchException(loss + ": prediction has shape " + Shapes.str(prediction.shape())
                    + " but target has shape " + Shapes.str(target.shape()));
        }
    }
}
