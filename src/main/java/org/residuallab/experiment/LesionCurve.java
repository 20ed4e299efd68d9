package org.residuallab.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.residuallab.data.Dataset;
import org.residuallab.nn.Model;
import org.residuallab.nn.Shapes;
import org.residuallab.train.Evaluator;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Removes k blocks at once, for k = 0..n (Veit et al. 2016, Fig. 5a): for each k, the mean test accuracy and
 * loss over sets of k removed blocks (all of them, or {@code samples} random ones when there are more; every
 * model of the same depth gets the same sets). A residual net degrades smoothly as blocks go, like an
 * ensemble losing members; a plain net breaks at the first. Blocks that cannot be removed (plain blocks that change
 * the shape) stay in every set and are named in {@link Result#notes()}. Every block is restored afterwards, also on error.
 * <pre>LesionCurve.Result r = LesionCurve.of(plain, residual).data(split.test()).samples(10).seed(1).run();
 * r.accuracy("residual", 2);   // mean accuracy with two blocks removed</pre>
 */
public final class LesionCurve {
    private final List<Model> models;
    private Dataset data;
    private int samples = 10;
    private long seed = 1;

    private LesionCurve(List<Model> models) {
        if (models.isEmpty()) throw new IllegalArgumentException("LesionCurve needs at least one model");
        this.models = List.copyOf(models);
    }

    public static LesionCurve of(Model... models) {
        return new LesionCurve(List.of(models));
    }

    public static LesionCurve of(List<Model> models) {
        return new LesionCurve(models);
    }

    /** The data to evaluate on (usually the test split). */
    public LesionCurve data(Dataset data) {
        if (data == null) throw new IllegalArgumentException("lesion data must not be null");
        this.data = data;
        return this;
    }

    /** Sets of k blocks evaluated per k when there are more (default 10). */
    public LesionCurve samples(int n) {
        Shapes.require(n >= 1, "samples", n, ">= 1");
        samples = n;
        return this;
    }

    public LesionCurve seed(long s) {
        seed = s;
        return this;
    }

    public Result run() {
        if (data == null) throw new IllegalStateException("no data: call data(testSet) before run()");
        Result r = new Result(data.name());
        for (Model m : models) {
            List<Lesion.Unit> blocks = new ArrayList<>();
            for (Lesion.Unit u : Lesion.units(m, data.exampleShape())) {
                if (u.note() != null) r.notes.add(u.note());
                if (u.removable()) blocks.add(u);
            }
            int n = blocks.size();
            long[] counts = PathLengths.counts(n);
            for (int k = 0; k <= n; k++) {
                if (Thread.currentThread().isInterrupted()) return r;
                List<boolean[]> sets = counts[k] <= samples ? PathGradients.allSubsets(n, k) : PathGradients.randomSubsets(n, k, samples, new Random(seed * 1_000_003L + k));
                double acc = 0, loss = 0, lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
                for (boolean[] removed : sets) {
                    double[] la = evaluateWithout(m, blocks, removed);
                    loss += la[0];
                    acc += la[1];
                    lo = Math.min(lo, la[1]);
                    hi = Math.max(hi, la[1]);
                }
                r.add(m.name(), Lesion.kindOf(m), k, sets.size(), acc / sets.size(), lo, hi, loss / sets.size());
            }
        }
        return r;
    }

    private double[] evaluateWithout(Model m, List<Lesion.Unit> blocks, boolean[] removed) {
        boolean[][] was = new boolean[blocks.size()][];
        try {
            for (int i = 0; i < blocks.size(); i++) was[i] = blocks.get(i).bypass(removed[i]);
            return Evaluator.evaluate(m, data);
        } finally {
            for (int i = 0; i < blocks.size(); i++) if (was[i] != null) blocks.get(i).restore(was[i]);
        }
    }

    /** Mean test accuracy and loss per number of removed blocks, per model. */
    public static final class Result {
        private final String data;
        private final List<String> notes = new ArrayList<>();
        private final StringColumn model = StringColumn.create("model"), block = StringColumn.create("block");
        private final IntColumn removed = IntColumn.create("blocks_removed"), sets = IntColumn.create("sets");
        private final DoubleColumn accuracy = DoubleColumn.create("test_accuracy"), min = DoubleColumn.create("min_accuracy"),
                max = DoubleColumn.create("max_accuracy"), loss = DoubleColumn.create("test_loss");

        Result(String data) {
            this.data = data;
        }

        void add(String m, String kind, int k, int n, double acc, double lo, double hi, double l) {
            model.append(m);
            block.append(kind);
            removed.append(k);
            sets.append(n);
            accuracy.append(acc);
            min.append(lo);
            max.append(hi);
            loss.append(l);
        }

        /** The dataset evaluated on. */
        public String data() { return data; }

        /** Blocks that could not be removed (plain blocks that change the shape: kept in every set), as in {@link LesionResult#notes()}. */
        public List<String> notes() { return List.copyOf(notes); }

        /** Mean test accuracy of {@code model} with {@code k} blocks removed. */
        public double accuracy(String modelName, int k) {
            for (int i = 0; i < model.size(); i++) if (model.get(i).equals(modelName) && removed.getInt(i) == k) return accuracy.getDouble(i);
            throw new IllegalArgumentException("no row for model '" + modelName + "' with " + k + " blocks removed");
        }

        /** Mean test accuracy for k = 0..n (index k). */
        public double[] accuracies(String modelName) {
            List<Double> out = new ArrayList<>();
            for (int i = 0; i < model.size(); i++) if (model.get(i).equals(modelName)) out.add(accuracy.getDouble(i));
            if (out.isEmpty()) throw new IllegalArgumentException("no model named '" + modelName + "' in this lesion curve");
            return out.stream().mapToDouble(Double::doubleValue).toArray();
        }

        /** The removed-block counts 0..n of {@code model}, as doubles for plotting. */
        public double[] removedCounts(String modelName) {
            double[] a = accuracies(modelName);
            double[] k = new double[a.length];
            for (int i = 0; i < k.length; i++) k[i] = i;
            return k;
        }

        /**
         * Table {@code model, block, blocks_removed, sets, test_accuracy, min_accuracy, max_accuracy, test_loss}: one
         * row per model and k; accuracy and loss are means over the {@code sets} evaluated.
         */
        public Table table() {
            return Table.create("lesion curve", model.copy(), block.copy(), removed.copy(), sets.copy(), accuracy.copy(), min.copy(), max.copy(), loss.copy());
        }
    }
}
