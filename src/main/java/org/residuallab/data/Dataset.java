package org.residuallab.data;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.Loss;

/**
 * Examples to learn from: features (N, d) and either class labels 0..K-1 or regression targets (N, m).
 * Immutable; {@link #split}, {@link #rows} and {@link Standardizer#apply} return new datasets.
 * <pre>Dataset d = Datasets.spirals(100, 3, 0.1, 42);          // 300 × 2, 3 classes
 * Split s = d.split(0.2, 42);                                 // stratified 80/20
 * Batches b = s.train().batches(32, 7);                        // seeded shuffling</pre>
 */
public final class Dataset {
    private final String name;
    private final INDArray features;   // (N, d)
    private final int[] labels;        // (N) for classification, else null
    private final int classes;         // K, or 0 for regression
    private final INDArray regression; // (N, m) for regression, else null
    private final List<String> classNames;
    private INDArray oneHot;           // (N, K), built on first use

    private Dataset(String name, INDArray features, int[] labels, int classes, INDArray regression, List<String> classNames) {
        if (features == null || features.rank() != 2) {
            throw new IllegalArgumentException("dataset '" + name + "': features must be a matrix (N, d) but were "
                    + (features == null ? "null" : Arrays.toString(features.shape())));
        }
        this.name = name;
        this.features = features;
        this.labels = labels;
        this.classes = classes;
        this.regression = regression;
        this.classNames = classNames;
    }

    /** A classification set: features (N, d), labels (N) in 0..classes-1. */
    public static Dataset classification(String name, INDArray features, int[] labels, int classes) {
        return classification(name, features, labels, classes, null);
    }

    /** As {@link #classification(String, INDArray, int[], int)}, naming each class (index = label). */
    public static Dataset classification(String name, INDArray features, int[] labels, int classes, List<String> classNames) {
        if (labels == null || labels.length != features.rows()) {
            throw new IllegalArgumentException("dataset '" + name + "': " + features.rows() + " feature rows but "
                    + (labels == null ? "no" : labels.length) + " labels");
        }
        if (classes < 2) throw new IllegalArgumentException("dataset '" + name + "': needs at least 2 classes but has " + classes);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("dataset '" + name + "': label " + labels[i] + " at row " + i
                        + " is outside 0.." + (classes - 1));
            }
        }
        if (classNames != null && classNames.size() != classes) {
            throw new IllegalArgumentException("dataset '" + name + "': " + classes + " classes but " + classNames.size() + " class names");
        }
        return new Dataset(name, features, labels.clone(), classes, null, classNames == null ? null : List.copyOf(classNames));
    }

    /** A regression set: features (N, d), targets (N, m). */
    public static Dataset regression(String name, INDArray features, INDArray targets) {
        if (targets == null || targets.rank() != 2 || targets.rows() != features.rows()) {
            throw new IllegalArgumentException("dataset '" + name + "': targets must be (" + features.rows() + ", m) but were "
                    + (targets == null ? "null" : Arrays.toString(targets.shape())));
        }
        return new Dataset(name, features, null, 0, targets, null);
    }

    public String name() { return name; }

    /** Number of examples N. */
    public int size() { return features.rows(); }

    /** Number of features d. */
    public int width() { return features.columns(); }

    /** The features (N, d); do not modify. */
    public INDArray features() { return features; }

    public boolean isClassification() { return labels != null; }

    /** Number of classes K (0 for regression). */
    public int classes() { return classes; }

    /** Class names from a CSV file's labels, or null when labels were already 0..K-1. */
    public List<String> classNames() { return classNames; }

    /** Width of the model's output this data needs: K classes or m regression targets. */
    public int outputs() { return isClassification() ? classes : regression.columns(); }

    /** A copy of the labels (N); throws for a regression set. */
    public int[] labels() {
        if (labels == null) throw new IllegalStateException("dataset '" + name + "' is a regression set: it has targets, not labels");
        return labels.clone();
    }

    /** What the loss compares against: one-hot labels (N, K) or regression targets (N, m); do not modify. */
    public INDArray targets() {
        if (labels == null) return regression;
        if (oneHot == null) oneHot = Loss.oneHot(labels, classes, features.dataType());
        return oneHot;
    }

    /** Examples per class (length K); throws for a regression set. */
    public int[] classCounts() {
        int[] counts = new int[classes];
        for (int l : labels()) counts[l]++;
        return counts;
    }

    /** The examples at {@code rows}, in that order. */
    public Dataset rows(int[] rows) {
        for (int r : rows) {
            if (r < 0 || r >= size()) throw new IndexOutOfBoundsException("dataset '" + name + "' has " + size() + " rows; no row " + r);
        }
        INDArray x = rows.length == 0 ? Nd4j.create(features.dataType(), 0, width()) : pick(features, rows);
        if (labels == null) return new Dataset(name, x, null, 0, pick(regression, rows), null);
        int[] l = new int[rows.length];
        for (int i = 0; i < rows.length; i++) l[i] = labels[rows[i]];
        return new Dataset(name, x, l, classes, null, classNames);
    }

    /** Rows of a matrix by one native gather (much faster than {@code getRows}). */
    static INDArray pick(INDArray matrix, int[] rows) {
        return Nd4j.pullRows(matrix, 1, rows);
    }

    /** The same examples with new features (same N); keeps labels or targets. */
    public Dataset withFeatures(INDArray newFeatures) {
        if (newFeatures.rows() != size()) {
            throw new IllegalArgumentException("dataset '" + name + "': new features have " + newFeatures.rows() + " rows, expected " + size());
        }
        return new Dataset(name, newFeatures, labels, classes, regression, classNames);
    }

    /** A renamed copy sharing the arrays. */
    public Dataset named(String newName) {
        return new Dataset(newName, features, labels, classes, regression, classNames);
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
        return name + ": " + size() + " × " + width() + (isClassification() ? ", " + classes + " classes"
                : ", regression with " + outputs() + " target" + (outputs() == 1 ? "" : "s"));
    }
}
