package org.residuallab.notebook;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.Loss;

/**
 * A small learnable classification task with no data files: standard-normal inputs labelled by a fixed
 * random linear "teacher" (label = argmax of x·T). Seeded, so every run sees the same batch.
 * <pre>TeacherTask task = TeacherTask.sample(256, 128, 10, 7);   // x (256,128), y one-hot (256,10)</pre>
 */
public record TeacherTask(INDArray x, INDArray y, int[] labels) {

    /** {@code n} rows of {@code inputs} features labelled into {@code classes} classes, as float32. */
    public static TeacherTask sample(int n, int inputs, int classes, long seed) {
        if (n < 1 || inputs < 1 || classes < 2) {
            throw new IllegalArgumentException("teacher task needs n >= 1, inputs >= 1, classes >= 2 but got n=" + n
                    + ", inputs=" + inputs + ", classes=" + classes);
        }
        Random rng = new Random(seed);
        double[] teacher = new double[inputs * classes];
        for (int i = 0; i < teacher.length; i++) teacher[i] = rng.nextGaussian();
        double[] xs = new double[n * inputs];
        int[] labels = new int[n];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < inputs; i++) xs[r * inputs + i] = rng.nextGaussian();
            double best = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                double score = 0;
                for (int i = 0; i < inputs; i++) score += xs[r * inputs + i] * teacher[i * classes + k];
                if (score > best) {
                    best = score;
                    labels[r] = k;
                }
            }
        }
        INDArray x = Nd4j.create(xs, new long[] {n, inputs}, DataType.FLOAT);
        return new TeacherTask(x, Loss.oneHot(labels, classes, DataType.FLOAT), labels);
    }

    public int size() {
        return labels.length;
    }

    /** The fraction of rows whose predicted class (argmax of {@code scores}, shape (n, classes)) is the label. */
    public double accuracy(INDArray scores) {
        if (scores.rows() != labels.length) {
            throw new IllegalArgumentException("scores have " + scores.rows() + " rows but the task has " + labels.length);
        }
        INDArray predicted = scores.argMax(1);
        int right = 0;
        for (int r = 0; r < labels.length; r++) if (predicted.getInt(r) == labels[r]) right++;
        return right / (double) labels.length;
    }
}
