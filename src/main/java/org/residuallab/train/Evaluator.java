package org.residuallab.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.residuallab.data.Dataset;
import org.residuallab.nn.Model;

/**
 * Mean loss and accuracy of a model on a whole dataset, in evaluation mode, in chunks to bound memory.
 * For sequences with a label per position the accuracy is over positions (those labelled -1 do not count).
 * Images go through in chunks of {@value #IMAGE_CHUNK} (or the trainer's batch size): every layer keeps a
 * buffer the size of its last batch, and a 32-layer conv net's buffers for 2048 images of 14×14 would take
 * about 800 MB.
 */
public final class Evaluator {
    private static final int CHUNK = 2048; // examples, or positions for sequences
    static final int IMAGE_CHUNK = 64;     // examples of images (C, H, W)

    private Evaluator() {}

    /** [loss, accuracy] of {@code model} on {@code data}; accuracy is NaN for regression. Restores the model's mode. */
    public static double[] evaluate(Model model, Dataset data) {
        return evaluate(model, data, data.exampleShape().length >= 3 ? IMAGE_CHUNK : CHUNK);
    }

    /**
     * As {@link #evaluate(Model, Dataset)}, {@code chunk} examples at a time (positions for sequences); the
     * trainer passes its batch size for images, so that evaluation reuses the training buffers.
     */
    public static double[] evaluate(Model model, Dataset data, int chunkSize) {
        if (chunkSize < 1) throw new IllegalArgumentException("chunk size must be >= 1 but was " + chunkSize);
        Trainer.check(model, data, null);
        boolean wasTraining = model.net().isTraining();
        model.eval();
        try {
            double lossSum = 0;
            long correct = 0, counted = 0;
            int n = data.size(), chunk = data.positions() <= 1 ? chunkSize : Math.max(1, chunkSize / data.positions());
            int[] labels = data.isClassification() ? data.labels() : null;
            for (int start = 0; start < n; start += chunk) {
                int end = Math.min(n, start + chunk);
                INDArray x = n <= chunk ? data.features() : data.features().get(rows(data.features(), start, end));
                INDArray y = n <= chunk ? data.targets() : data.targets().get(rows(data.targets(), start, end));
                INDArray out = model.forward(x);
                lossSum += model.loss().forward(out, y) * (end - start);
                if (labels == null) continue;
                long k = out.size(out.rank() - 1);
                int[] predicted = Nd4j.argMax(out.rank() == 2 ? out : out.reshape('c', out.length() / k, k), 1).toIntVector();
                int offset = start * Math.max(1, data.positions());
                for (int i = 0; i < predicted.length; i++) {
                    int label = labels[offset + i];
                    if (label < 0) continue;                 // a position that does not count
                    counted++;
                    if (predicted[i] == label) correct++;
                }
            }
            return new double[] {lossSum / n, labels == null ? Double.NaN : (double) correct / counted};
        } finally {
            if (wasTraining) model.train();
        }
    }

    /** Accuracy in [0, 1] of a classifier on {@code data}. */
    public static double accuracy(Model model, Dataset data) {
        if (!data.isClassification()) throw new IllegalArgumentException("dataset '" + data.name() + "' is a regression set: accuracy is undefined");
        return evaluate(model, data)[1];
    }

    // examples start..end-1 of an array (N, ...): an interval on the first axis, everything on the others
    private static INDArrayIndex[] rows(INDArray a, int start, int end) {
        INDArrayIndex[] idx = new INDArrayIndex[a.rank()];
        idx[0] = NDArrayIndex.interval(start, end);
        for (int i = 1; i < idx.length; i++) idx[i] = NDArrayIndex.all();
        return idx;
    }
}
