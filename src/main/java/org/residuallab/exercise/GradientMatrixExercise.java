package org.residuallab.exercise;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import tech.tablesaw.api.Table;

/**
 * Exercise: build the gradient heat map's data yourself, one row per layer_index
 * (0 = stem at the input side, then the blocks, then the head), one column per recorded step (ascending),
 * each entry log10 of the layer's weight-gradient norm. The verdict says what is wrong (shape,
 * orientation, which logarithm, which metric) without giving the matrix.
 * <pre>GradientMatrixExercise.check(myMatrix, compare.probes(), "plain-sigmoid-d20")</pre>
 */
public final class GradientMatrixExercise {
    static final String NAME = "the gradient heat map's matrix";
    static final String METRIC = "weight_grad_l2";
    private static final double TOL = 1e-6;

    private GradientMatrixExercise() {}

    /** Checks {@code answer} against the weight_grad_l2 records of {@code model} in a probe table. Never throws on a wrong answer. */
    public static Verdict check(double[][] answer, Table probes, String model) {
        double[][] raw = matrix(probes, model, METRIC);
        int rows = raw.length, cols = raw[0].length;
        String shape = rows + " × " + cols + " (" + rows + " layers: layer_index 0.." + (rows - 1) + ", " + cols + " recorded steps)";
        if (answer == null) return no("your method returned null; expected a " + shape + " matrix");
        if (answer.length == 0) return no("your matrix is empty; expected " + shape);
        for (int i = 0; i < answer.length; i++) {
            if (answer[i] == null) return no("row " + i + " is null");
            if (answer[i].length != answer[0].length) return no("row " + i + " has " + answer[i].length + " entries but row 0 has " + answer[0].length + "; every row needs one entry per step");
        }
        if (answer.length == cols && answer[0].length == rows && rows != cols) {
            return no("rows and columns are swapped: you gave " + answer.length + " × " + answer[0].length + "; use one row per layer and one column per step");
        }
        if (answer.length != rows || answer[0].length != cols) return no("your matrix is " + answer.length + " × " + answer[0].length + "; expected " + shape);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (!Double.isFinite(answer[i][j])) return no("entry [" + i + "][" + j + "] is " + answer[i][j] + "; every norm here is positive, so its log10 is finite");
            }
        }
        double[][] expected = map(raw, Math::log10);
        if (same(answer, expected)) return Verdict.correct(NAME, List.of("your " + shape + " matrix matches the heat map's data"));
        if (same(answer, reversed(expected))) return no("the rows are upside down: row 0 must be layer_index 0, the stem on the input side");
        if (same(answer, raw)) return no("these are the norms themselves; the heat map's colour is their log10");
        if (same(answer, map(raw, Math::log))) return no("that is the natural logarithm; the colour scale is log10 (divide by ln 10, or use Math.log10)");
        if (has(probes, model, "out_grad_l2") && same(answer, map(matrix(probes, model, "out_grad_l2"), Math::log10))) {
            return no("that is the back-propagated gradient (out_grad_l2); this heat map shows the weight gradient, " + METRIC);
        }
        int wrong = 0, fi = -1, fj = -1;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (!close(answer[i][j], expected[i][j])) {
                    if (wrong++ == 0) { fi = i; fj = j; }
                }
            }
        }
        return no(wrong + " of " + rows * cols + " entries differ; the first is row " + fi + ", column " + fj + " (your value " + answer[fi][fj]
                + "): check which rows of the table (model, metric " + METRIC + ", layer_index, step) fill each cell");
    }

    /** The model's {@code metric} as a [layer_index][step] matrix (ascending both ways). */
    static double[][] matrix(Table probes, String model, String metric) {
        if (probes == null) throw new IllegalArgumentException("probe table must not be null");
        Table t = probes.where(probes.stringColumn("model").isEqualTo(model).and(probes.stringColumn("metric").isEqualTo(metric)));
        if (t.isEmpty()) {
            throw new IllegalArgumentException("the probe table has no '" + metric + "' rows for model '" + model + "'; models: "
                    + probes.stringColumn("model").unique().asList());
        }
        TreeSet<Integer> layers = new TreeSet<>(), steps = new TreeSet<>();
        for (int i = 0; i < t.rowCount(); i++) {
            layers.add(t.intColumn("layer_index").getInt(i));
            steps.add(t.intColumn("step").getInt(i));
        }
        List<Integer> ls = new ArrayList<>(layers), ss = new ArrayList<>(steps);
        double[][] m = new double[ls.size()][ss.size()];
        for (double[] row : m) java.util.Arrays.fill(row, Double.NaN);
        for (int i = 0; i < t.rowCount(); i++) {
            m[ls.indexOf(t.intColumn("layer_index").getInt(i))][ss.indexOf(t.intColumn("step").getInt(i))] = t.doubleColumn("value").getDouble(i);
        }
        return m;
    }

    private static boolean has(Table probes, String model, String metric) {
        return !probes.where(probes.stringColumn("model").isEqualTo(model).and(probes.stringColumn("metric").isEqualTo(metric))).isEmpty();
    }

    private static Verdict no(String why) {
        return Verdict.notYet(NAME, why);
    }

    private static double[][] map(double[][] m, java.util.function.DoubleUnaryOperator f) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) out[i] = java.util.Arrays.stream(m[i]).map(f).toArray();
        return out;
    }

    private static double[][] reversed(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) out[i] = m[m.length - 1 - i];
        return out;
    }

    private static boolean same(double[][] a, double[][] b) {
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) if (!close(a[i][j], b[i][j])) return false;
        }
        return true;
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= TOL * Math.max(1, Math.abs(b));
    }
}
