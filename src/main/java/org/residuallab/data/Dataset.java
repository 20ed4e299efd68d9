package org.residuallab.data;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.Loss;
import org.residuallab.nn.Shapes;

/**
 * Examples to learn from: features (N, ...) and either class labels 0..K-1 or regression targets (N, m).
 * Features are (N, d) for an MLP, (N, C, H, W) for images, (N, T) token ids for a sequence model. Class
 * labels are one per example (N), or one per position (N, T) for sequences ({@link #sequences}), where
 * a label of -1 marks a position that does not count.
 * Immutable; {@link #split}, {@link #rows} and {@link Standardizer#apply} return new datasets.
 * <pre>Dataset d = Datasets.spirals(100, 3, 0.1, 42);          // 300 × 2, 3 classes
 * Split s = d.split(0.2, 42);                                 // stratified 80/20
 * Batches b = s.train().batches(32, 7);                        // seeded shuffling</pre>
 */
public final class Dataset {
    private final String name;
    private final INDArray features;   // (N, ...)
    private final int[] labels;        // (N) or, one per position, (N·T) row-major, for classification; else null
    private final int positions;       // labels per example: 1, or T for sequences
    private final int classes;         // K, or 0 for regression
    private final INDArray regression; // (N, m) for regression, else null
    private final List<String> classNames;
    private INDArray targets;          // (N, K) one-hot, or (N, T) class indices; built on first use

    private Dataset(String name, INDArray features, int[] labels, int positions, int classes, INDArray regression, List<String> classNames) {
        if (features == null || features.rank() < 2) {
            throw new IllegalArgumentException("dataset '" + name + "': features must be (N, ...) with at least two axes, e.g. (N, d), but were "
                    + (features == null ? "null" : Arrays.toString(features.shape())));
        }
        this.name = name;
        this.features = features;
        this.labels = labels;
        this.positions = positions;
        this.classes = classes;
        this.regression = regression;
        this.classNames = classNames;
    }

    /** A classification set: features (N, d) (or any (N, ...)), labels (N) in 0..classes-1. */
    public static Dataset classification(String name, INDArray features, int[] labels, int classes) {
        return classification(name, features, labels, classes, null);
    }

    /** As {@link #classification(String, INDArray, int[], int)}, naming each class (index = label). */
    public static Dataset classification(String name, INDArray features, int[] labels, int classes, List<String> classNames) {
        if (features == null || labels == null || labels.length != features.size(0)) {
            throw new IllegalArgumentException("dataset '" + name + "': " + (features == null ? "no" : features.size(0)) + " feature rows but "
                    + (labels == null ? "no" : labels.length) + " labels");
        }
        checkClasses(name, labels, classes, classNames, false);
        return new Dataset(name, features, labels.clone(), 1, classes, null, classNames == null ? null : List.copyOf(classNames));
    }

    /**
     * A sequence set with one label per position: token ids (N, T) and labels[n][t] in 0..classes-1, or -1
     * where a position does not count (a model's loss and accuracy skip it).
     * <pre>Dataset.sequences("copy", tokens, labels, 11, digitsAndSeparator)</pre>
     */
    public static Dataset sequences(String name, INDArray tokens, int[][] labels, int classes, List<String> classNames) {
        if (tokens == null || tokens.rank() < 2) {
            throw new IllegalArgumentException("dataset '" + name + "': tokens must be (N, T) but were "
                    + (tokens == null ? "null" : Arrays.toString(tokens.shape())));
        }
        int n = (int) tokens.size(0), t = (int) tokens.size(1);
        if (labels == null || labels.length != n) {
            throw new IllegalArgumentException("dataset '" + name + "': " + n + " sequences but " + (labels == null ? "no" : labels.length) + " rows of labels");
        }
        int[] flat = new int[n * t];
        for (int i = 0; i < n; i++) {
            if (labels[i] == null || labels[i].length != t) {
                throw new IllegalArgumentException("dataset '" + name + "': sequence " + i + " has " + t + " positions but "
                        + (labels[i] == null ? "no" : labels[i].length) + " labels");
            }
            System.arraycopy(labels[i], 0, flat, i * t, t);
        }
        checkClasses(name, flat, classes, classNames, true);
        return new Dataset(name, tokens, flat, t, classes, null, classNames == null ? null : List.copyOf(classNames));
    }

    private static void checkClasses(String name, int[] labels, int classes, List<String> classNames, boolean ignorable) {
        if (classes < 2) throw new IllegalArgumentException("dataset '" + name + "': needs at least 2 classes but has " + classes);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < (ignorable ? -1 : 0) || labels[i] >= classes) {
                throw new IllegalArgumentException("dataset '" + name + "': label " + labels[i] + " at " + (ignorable ? "position " : "row ") + i
                        + " is outside " + (ignorable ? "-1" : "0") + ".." + (classes - 1));
            }
        }
        if (classNames != null && classNames.size() != classes) {
            throw new IllegalArgumentException("dataset '" + name + "': " + classes + " classes but " + classNames.size() + " class names");
        }
    }

    /** A regression set: features (N, d), targets (N, m). */
    public static Dataset regression(String name, INDArray features, INDArray targets) {
        if (targets == null || targets.rank() != 2 || targets.rows() != features.size(0)) {
            throw new IllegalArgumentException("dataset '" + name + "': targets must be (" + features.size(0) + ", m) but were "
                    + (targets == null ? "null" : Arrays.toString(targets.shape())));
        }
        return new Dataset(name, features, null, 0, 0, targets, null);
    }

    public String name() { return name; }

    /** Number of examples N. */
    public int size() { return (int) features.size(0); }

    /** Number of features d of (N, d) features; in general the number of values in one example. */
    public int width() { return features.rank() == 2 ? (int) features.columns() : (int) Shapes.size(exampleShape()); }

    /** The shape of one example: (d), (C, H, W) or (T). */
    public long[] exampleShape() { return Shapes.example(features.shape()); }

    /** The features (N, ...); do not modify. */
    public INDArray features() { return features; }

    /** Labels per example: 1, or T for a sequence set with one label per position (0 for regression). */
    public int positions() { return positions; }

    public boolean isClassification() { return labels != null; }

    /** Number of classes K (0 for regression). */
    public int classes() { return classes; }

    /** Class names from a CSV file's labels, or null when labels were already 0..K-1. */
    public List<String> classNames() { return classNames; }

    /** Width of the model's output this data needs: K classes or m regression targets. */
    public int outputs() { return isClassification() ? classes : regression.columns(); }

    /** A copy of the labels: (N), or (N·T) row-major for one label per position; throws for a regression set. */
    public int[] labels() {
        if (labels == null) throw new IllegalStateException("dataset '" + name + "' is a regression set: it has targets, not labels");
        return labels.clone();
    }

    /**
     * What the loss compares against: one-hot labels (N, K), class indices (N, T) for one label per position
     * (-1 where a position does not count), or regression targets (N, m); do not modify.
     */
    public INDArray targets() {
        if (labels == null) return regression;
        if (targets == null) {
            if (positions == 1) targets = Loss.oneHot(labels, classes, features.dataType());
            else targets = Nd4j.createFromArray(labels).castTo(features.dataType()).reshape('c', size(), positions);
        }
        return targets;
    }

    /** Examples per class (length K), or labelled positions per class for a sequence set; throws for a regression set. */
    public int[] classCounts() {
        int[] counts = new int[classes];
        for (int l : labels()) if (l >= 0) counts[l]++;
        return counts;
    }

    /** The examples at {@code rows}, in that order. */
    public Dataset rows(int[] rows) {
        for (int r : rows) {
            if (r < 0 || r >= size()) throw new IndexOutOfBoundsException("dataset '" + name + "' has " + size() + " rows; no row " + r);
        }
        INDArray x = pick(features, rows);
        if (labels == null) return new Dataset(name, x, null, 0, 0, pick(regression, rows), null);
        int[] l = new int[rows.length * positions];
        for (int i = 0; i < rows.length; i++) System.arraycopy(labels, rows[i] * positions, l, i * positions, positions);
        return new Dataset(name, x, l, positions, classes, null, classNames);
    }

    /** Examples (along the first axis) of an array (N, ...) by one native gather (much faster than {@code getRows}). */
    static INDArray pick(INDArray array, int[] rows) {
        long[] shape = array.shape().clone();
        shape[0] = rows.length;
        if (rows.length == 0) return Nd4j.create(array.dataType(), shape);
        if (array.rank() == 2) return Nd4j.pullRows(array, 1, rows);
        INDArray matrix = array.reshape('c', array.size(0), array.length() / array.size(0));
        return Nd4j.pullRows(matrix, 1, rows).reshape('c', shape);
    }

    /** The same examples with new features (same N); keeps labels or targets. */
    public Dataset withFeatures(INDArray newFeatures) {
        if (newFeatures.size(0) != size()) {
            throw new IllegalArgumentException("dataset '" + name + "': new features have " + newFeatures.size(0) + " rows, expected " + size());
        }
        return new Dataset(name, newFeatures, labels, positions, classes, regression, classNames);
    }

    /** A renamed copy sharing the arrays. */
    public Dataset named(String newName) {
        return new Dataset(newName, features, labels, positions, classes, regression, classNames);
    }

    /** A copy with features cast to {@code type} (FLOAT or DOUBLE). */
    public Dataset castTo(DataType type) {
        return features.dataType() == type ? this : withFeatures(features.castTo(type));
    }

    /** Seeded train/test split; stratified by class for classification (each class split in the same proportion). */
    public Split split(double testFraction, long seed) {
        return Split.of(this, testFraction, seed);
    }

    /** Seeded mini-batches, reshuffled each epoch. */
    public Batches batches(int batchSize, long seed) {
        return new Batches(this, batchSize, seed);
    }

    @Override
    public String toString() {
        String shape = features.rank() == 2 ? String.valueOf(width()) : Shapes.str(exampleShape());
        if (positions > 1) return name + ": " + size() + " × " + shape + " tokens, " + classes + " classes per position";
        return name + ": " + size() + " × " + shape + (isClassification() ? ", " + classes + " classes"
                : ", regression with " + outputs() + " target" + (outputs() == 1 ? "" : "s"));
    }
}
