package org.residuallab.lesson;

import java.util.Random;
import org.residuallab.data.Dataset;
import org.residuallab.data.Datasets;
import org.residuallab.nn.Init;
import org.residuallab.nn.Model;
import org.residuallab.nn.Shapes;
import org.residuallab.probe.GradientFlow;
import org.residuallab.probe.ProbeSession;
import org.residuallab.probe.ProbeTables;
import org.residuallab.probe.Probes;
import tech.tablesaw.api.Table;

/**
 * Gradients at initialisation: one forward and one backward pass of a fresh model on one batch, with
 * probes attached. No weight changes, so what the probes record is the network as initialised.
 * <pre>Dataset batch = AtInit.digitsBatch(256, 1);
 * ProbeSession s = AtInit.probe(model, batch);   // s.table(), s.histogramTable()</pre>
 */
public final class AtInit {
    private AtInit() {}

    /** One pass of {@code model} on {@code batch} (B, in) with every probe ({@link Probes#all()}); returns the closed session. */
    public static ProbeSession probe(Model model, Dataset batch) {
        return probe(model, batch, Probes.all());
    }

    /** One pass of {@code model} on {@code batch} with {@code probes}, recorded as step 0 of a fresh model. */
    public static ProbeSession probe(Model model, Dataset batch, Probes probes) {
        if (model == null || batch == null || probes == null) throw new IllegalArgumentException("probe needs a model, a batch and probes");
        if (model.steps() != 0) {
            throw new IllegalStateException("model '" + model.name() + "' has already taken " + model.steps()
                    + " steps; gradients at initialisation need a fresh model");
        }
        ProbeSession s = probes.every(1).run("init").attach(model);
        try {
            model.lossAndBackward(batch.features(), batch.targets());
        } finally {
            s.close();
        }
        return s;
    }

    /**
     * {@code n} examples of the bundled digits (64 standardised pixels, 10 classes), drawn without
     * replacement by a seeded shuffle of the training split (Datasets.digits(0.2, seed)).
     */
    public static Dataset digitsBatch(int n, long seed) {
        Dataset train = Datasets.digits(0.2, seed).train();
        Shapes.require(n >= 1 && n <= train.size(), "batch size n", n, "in [1, " + train.size() + "]");
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Random rng = new Random(seed);
        for (int i = 0; i < n; i++) {
            int j = i + rng.nextInt(order.length - i);
            int t = order[i]; order[i] = order[j]; order[j] = t;
        }
        return train.rows(java.util.Arrays.copyOf(order, n)).named("digits-" + n);
    }

    /**
     * Glorot and Bengio's (2010, eq. 1) "standard" initialisation, the common heuristic before theirs:
     * U[−1/√n, 1/√n] with n the fan-in, so Var(W) = 1/(3n), a third of what keeps a linear layer's variance.
     */
    public static Init standard() {
        return Init.named("standard", (r, in, out) -> (2 * r.nextDouble() - 1) / Math.sqrt(in));
    }

    /** A unit metric (e.g. out_grad_l2) of hidden block {@code k} of {@code model} at step 0 of a probe table. */
    public static double blockValue(Table probes, String model, String metric, int k) {
        Table t = ProbeTables.byLayer(probes, model, metric, 0);
        for (int i = 0; i < t.rowCount(); i++) {
            if (t.stringColumn("layer").getString(i).equals("block" + k)) return t.doubleColumn("value").getDouble(i);
        }
        throw new IllegalArgumentException("model '" + model + "' has no '" + metric + "' row for block" + k + " at step 0");
    }

    /** The number of hidden blocks with a {@code metric} row at step 0. */
    public static int blocks(Table probes, String model, String metric) {
        Table t = ProbeTables.byLayer(probes, model, metric, 0);
        int n = 0;
        for (int i = 0; i < t.rowCount(); i++) if (t.stringColumn("layer").getString(i).matches("block\\d+")) n++;
        if (n == 0) throw new IllegalArgumentException("model '" + model + "' has no '" + metric + "' rows for hidden blocks at step 0");
        return n;
    }

    /** {@code metric} of the first hidden block ÷ of the last: 1 is level, 1e-6 a millionfold loss toward the input. */
    public static double blockRatio(Table probes, String model, String metric) {
        return GradientFlow.firstToLast(probes, model, metric, 0);
    }

    /** The average factor per block: blockRatio^(1 / (blocks − 1)), the geometric mean of block-to-block ratios. */
    public static double perBlockFactor(Table probes, String model, String metric) {
        int n = blocks(probes, model, metric);
        Shapes.require(n >= 2, "hidden blocks", n, ">= 2");
        return Math.pow(blockRatio(probes, model, metric), 1.0 / (n - 1));
    }

    /** The mean of every step-0 row of {@code metric} for {@code model} (e.g. act_saturation over all activation layers). */
    public static double mean(Table probes, String model, String metric) {
        return rows(probes, model, metric).doubleColumn("value").mean();
    }

    /** The largest step-0 row of {@code metric} for {@code model}. */
    public static double max(Table probes, String model, String metric) {
        return rows(probes, model, metric).doubleColumn("value").max();
    }

    private static Table rows(Table probes, String model, String metric) {
        Table t = ProbeTables.byLayer(probes, model, metric, 0);
        if (t.rowCount() == 0) throw new IllegalArgumentException("no '" + metric + "' rows for model '" + model + "' at step 0");
        return t;
    }
}
