package org.residuallab.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Block;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Model;
import org.residuallab.nn.ResidualBlock;
import org.residuallab.nn.Shapes;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * How much gradient each path length carries (Veit et al. 2016, Fig. 6b, c). The net runs forward (in
 * evaluation mode unless {@link #training}); backward, a path of length k goes through the branch of k chosen blocks and through the
 * skip of all others, so its gradient at the first block's input is the product of those Jacobians. For each
 * k the mean ‖gradient‖₂ over paths (all of them, or {@code samples} random ones when there are more), and
 * that mean × C(n, k): the total gradient all paths of length k carry. Leaves no gradients in the model.
 * <pre>PathGradients.Result r = PathGradients.of(residual).data(x, y).samples(20).seed(1).run();
 * r.peakLength();   // the path length that carries the most gradient in total</pre>
 */
public final class PathGradients {
    private final Model model;
    private INDArray x, y;
    private int samples = 20;
    private long seed = 1;
    private int[] lengths;
    private boolean training;

    private PathGradients(Model model) {
        if (model == null) throw new IllegalArgumentException("model must not be null");
        this.model = model;
    }

    public static PathGradients of(Model model) {
        return new PathGradients(model);
    }

    /** The batch: x (B, in), targets y (B, K). */
    public PathGradients data(INDArray x, INDArray y) {
        if (x == null || y == null) throw new IllegalArgumentException("path gradients need x and y");
        this.x = x;
        this.y = y;
        return this;
    }

    /** Paths measured per length when there are more than that (default 20); fewer are all measured. */
    public PathGradients samples(int n) {
        Shapes.require(n >= 1, "samples", n, ">= 1");
        samples = n;
        return this;
    }

    public PathGradients seed(long s) {
        seed = s;
        return this;
    }

    /** Only these path lengths (default 0..n); e.g. {@code lengths(0)}: the skip-only path. */
    public PathGradients lengths(int... ks) {
        lengths = ks.clone();
        return this;
    }

    /**
     * Runs the forward pass in training mode (BatchNorm on batch statistics, which it also updates) instead of
     * evaluation mode: for fresh models, whose running statistics mean nothing yet.
     */
    public PathGradients training(boolean on) {
        training = on;
        return this;
    }

    public Result run() {
        if (x == null) throw new IllegalStateException("no data: call data(x, y) before run()");
        List<ResidualBlock> blocks = residualBlocks(model);
        int n = blocks.size();
        int[] ks = lengths != null ? lengths : range(n + 1);
        for (int k : ks) if (k < 0 || k > n) throw new IllegalArgumentException("path length " + k + " is not in [0, " + n + "] for " + n + " blocks");
        List<Layer> top = model.net().children();
        Layer afterLast = top.get(top.indexOf(blocks.get(n - 1)) + 1);
        boolean was = model.net().isTraining();
        if (training) model.train(); else model.eval();
        double[] mean = new double[ks.length];
        try {
            model.net().backward(lossGradient());
            INDArray top0 = afterLast.lastInputGradient();
            double topNorm = top0.norm2Number().doubleValue();
            Random rng = new Random(seed);
            long[] counts = PathLengths.counts(n);
            for (int j = 0; j < ks.length; j++) {
                List<boolean[]> paths = counts[ks[j]] <= samples ? allSubsets(n, ks[j]) : randomSubsets(n, ks[j], samples, rng);
                double sum = 0;
                for (boolean[] branch : paths) sum += pathGradient(blocks, branch, top0).norm2Number().doubleValue();
                mean[j] = sum / paths.size();
            }
            return new Result(model.name(), n, ks, mean, topNorm);
        } finally {
            model.zeroGrad();
            if (was) model.train(); else model.eval();
        }
    }

    private INDArray lossGradient() {
        INDArray out = model.forward(x);
        double l = model.loss().forward(out, y.dataType() == out.dataType() ? y : y.castTo(out.dataType()));
        if (!Double.isFinite(l)) throw new IllegalStateException("model '" + model.name() + "': the loss is " + l + " on this batch");
        return model.loss().backward();
    }

    /** The gradient at the first block's input along one path: branch where {@code branch[i]}, skip elsewhere. */
    static INDArray pathGradient(List<ResidualBlock> blocks, boolean[] branch, INDArray atTop) {
        INDArray g = atTop;
        for (int i = blocks.size() - 1; i >= 0; i--) {
            ResidualBlock b = blocks.get(i);
            INDArray dSum = b.post().backward(g);
            g = branch[i] ? b.body().backward(dSum.muli(b.alpha())) : b.shortcut().backward(dSum.muli(b.shortcutScale()));
        }
        return g;
    }

    static List<ResidualBlock> residualBlocks(Model model) {
        List<ResidualBlock> out = new ArrayList<>();
        List<Block> blocks = model.blocks();
        if (blocks.isEmpty()) throw new IllegalArgumentException("model '" + model.name() + "' has no blocks");
        List<Layer> top = model.net().children();
        if (top.indexOf(blocks.get(blocks.size() - 1)) + 1 >= top.size()) {
            throw new IllegalArgumentException("model '" + model.name() + "' needs a layer after its last block (a head)");
        }
        for (Block b : blocks) {
            if (!(b instanceof ResidualBlock)) {
                throw new IllegalArgumentException("model '" + model.name() + "': " + b.describe() + " is plain, so it has no skip path; path gradients need residual blocks");
            }
            if (b.isBypassed()) throw new IllegalStateException("model '" + model.name() + "': " + b.describe() + " is bypassed (lesioned); restore it first");
            out.add((ResidualBlock) b);
        }
        return out;
    }

    /** Every set of k of n blocks, as flags. */
    static List<boolean[]> allSubsets(int n, int k) {
        List<boolean[]> out = new ArrayList<>();
        choose(new boolean[n], 0, k, out);
        return out;
    }

    private static void choose(boolean[] cur, int from, int left, List<boolean[]> out) {
        if (left == 0) {
            out.add(cur.clone());
            return;
        }
        for (int i = from; i <= cur.length - left; i++) {
            cur[i] = true;
            choose(cur, i + 1, left - 1, out);
            cur[i] = false;
        }
    }

    /** {@code count} random sets of k distinct blocks of n (sets may repeat). */
    static List<boolean[]> randomSubsets(int n, int k, int count, Random rng) {
        List<boolean[]> out = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            int[] idx = range(n);
            boolean[] p = new boolean[n];
            for (int i = 0; i < k; i++) {          // partial Fisher–Yates: k distinct blocks
                int j = i + rng.nextInt(n - i);
                int t = idx[i]; idx[i] = idx[j]; idx[j] = t;
                p[idx[i]] = true;
            }
            out.add(p);
        }
        return out;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    /** Mean gradient norm per path length, and the total over all paths of that length. */
    public static final class Result {
        private final String model;
        private final int blocks;
        private final int[] lengths;
        private final double[] mean;
        private final double topNorm;

        Result(String model, int blocks, int[] lengths, double[] mean, double topNorm) {
            this.model = model;
            this.blocks = blocks;
            this.lengths = lengths;
            this.mean = mean;
            this.topNorm = topNorm;
        }

        public int blocks() { return blocks; }

        public int[] lengths() { return lengths.clone(); }

        /** ‖dL/dx‖₂ after the last block: where every path starts. */
        public double topNorm() { return topNorm; }

        /** Mean ‖gradient‖₂ at the first block's input of one path of length k. */
        public double meanNorm(int k) { return mean[indexOf(k)]; }

        /** meanNorm(k) × C(n, k): the gradient all paths of length k carry together (as Veit et al. sum it). */
        public double total(int k) { return meanNorm(k) * PathLengths.counts(blocks)[k]; }

        /** The measured path length whose paths carry the most gradient in total. */
        public int peakLength() {
            int best = lengths[0];
            for (int k : lengths) if (total(k) > total(best)) best = k;
            return best;
        }

        /** The share of the summed totals carried by paths of length ≤ k (over the measured lengths). */
        public double shareUpTo(int k) {
            double all = 0, part = 0;
            for (int l : lengths) {
                all += total(l);
                if (l <= k) part += total(l);
            }
            return part / all;
        }

        /** Tidy table {@code model, path_length, paths, metric, value}: metrics grad_l2_per_path and grad_l2_total. */
        public Table table() {
            tech.tablesaw.api.StringColumn m = tech.tablesaw.api.StringColumn.create("model"), metric = tech.tablesaw.api.StringColumn.create("metric");
            IntColumn k = IntColumn.create("path_length");
            DoubleColumn paths = DoubleColumn.create("paths"), value = DoubleColumn.create("value");
            long[] c = PathLengths.counts(blocks);
            for (int l : lengths) {
                for (int t = 0; t < 2; t++) {
                    m.append(model);
                    k.append(l);
                    paths.append(c[l]);
                    metric.append(t == 0 ? "grad_l2_per_path" : "grad_l2_total");
                    value.append(t == 0 ? meanNorm(l) : total(l));
                }
            }
            return Table.create("path gradients", m, k, paths, metric, value);
        }

        private int indexOf(int k) {
            for (int i = 0; i < lengths.length; i++) if (lengths[i] == k) return i;
            throw new IllegalArgumentException("path length " + k + " was not measured (measured: " + java.util.Arrays.toString(lengths) + ")");
        }
    }
}
