package org.residuallab.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.residuallab.data.Dataset;
import org.residuallab.nn.Model;

/** Mean loss and accuracy of a model on a whole dataset, in evaluation mode, in chunks to bound memory. */
public final class Evaluator {
    private static final int CHUNK = 2048;

    private Evaluator() {}

    /** [loss, accuracy] of {@code model} on {@code data}; accuracy is NaN for regression. Restores the model's mode. */
    public static double[] evaluate(Model model, Dataset data) {
        if (data.width() != model.inputWidth()) {
            throw new IllegalArgumentException("model '" + model.name() + "' takes " + model.inputWidth()
                    + " features but dataset '" + data.name() + "' has " + data.width());
        }
        boolean wasTraining = model.net().isTraining();
        model.eval();
        try {
            double lossSum = 0;
            long correct = 0;
            int n = data.size();
            int[] labels = data.isClassification() ? data.labels() : null;
            for (int start = 0; start < n; start += CHUNK) {
                int end = Math.min(n, start + CHUNK);
                INDArray x = n <= CHUNK ? data.features() : data.features().get(rows(start, end), NDArrayIndex.all());
                INDArray y = n <= CHUNK ? data.targets() : data.targets().get(rows(start, end), NDArrayIndex.all());
                INDArray out = model.forward(x);
                lossSum += model.loss().forward(out, y) * (end - start);
                if (labels != null) {
                    int[] predicted = Nd4j.argMax(out, 1).toIntVector();
                    for (int i = 0; i < predicted.length; i++) if (predicted[i] == labels[start + i]) correct++;
                }
            }
            return new double[] {lossSum / n, labels == null ? Double.NaN : (double) correct / n};
        } finally {
            if (wasTraining) model.train();
        }
    }

    /** Accuracy in [0, 1] of a classifier on {@code data}. */
    public static double accuracy(Model model, Dataset data) {
        if (!data.isClassification()) throw new IllegalArgumentException("dataset '" + data.name() + "' is a regression set: accuracy is undefined");
        return evaluate(model, data)[1];
    }

    private static INDArrayIndex rows(int start, int end) {
        return NDArrayIndex.interval(start, end);
    }
}
