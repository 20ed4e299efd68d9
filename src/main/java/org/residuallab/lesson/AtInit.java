package org.residuallab.lesson;

import java.util.Random;
import org.residuallab.data.Dataset;
import org.residuallab.data.Datasets;
import org.residuallab.nn.Init;
import org.residuallab.nn.Model;
import org.residuallab.nn.Shapes;
import org.residuallab.probe.ProbeSession;
import org.residuallab.probe.Probes;

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
}
