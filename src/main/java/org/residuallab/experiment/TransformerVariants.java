package org.residuallab.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.residuallab.data.Dataset;
import org.residuallab.data.Split;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.nn.Shapes;
import org.residuallab.nn.TransformerBlock.Variant;
import org.residuallab.probe.ProbeSession;
import org.residuallab.probe.Probes;
import org.residuallab.train.TrainConfig;
import org.residuallab.train.TrainResult;
import org.residuallab.train.Trainer;
import org.residuallab.train.TrainingListener;

/**
 * Transformer variants ({@code Models.transformer}: pre-LN, post-LN, ReZero, ...) trained on one sequence
 * task under identical conditions, each with every learning-rate warm-up asked for and every seed: the
 * experiments of Xiong et al. (2020, post-LN needs warm-up, pre-LN does not) and Bachlechner et al. (2020,
 * ReZero). A seed fixes both the weights and the batch order, so the runs of one seed differ only in the
 * variant and the warm-up. Gradient probes record every 10th step, step 0 being the network as initialised.
 * <pre>TransformerVariantsResult r = TransformerVariants.of(SequenceTasks.reverse(3000, 6, 1).split(0.2, 1))
 *         .variants(Variant.POST_LN, Variant.PRE_LN).warmups(0, 100).seeds(1, 2)
 *         .config(TrainConfig.builder().steps(300).batchSize(32).optimizer("adam").learningRate(1e-2).build())
 *         .run();
 * r.solved(Variant.POST_LN, 0);   // how many seeds reached 90 % test accuracy without warm-up</pre>
 */
public final class TransformerVariants {
    private final Dataset train, test;
    private List<Variant> variants = List.of(Variant.POST_LN, Variant.PRE_LN);
    private long[] warmups = {0};
    private long[] seeds = {1};
    private int layers = 4, width = 32, heads = 4;
    private TrainConfig config = TrainConfig.builder().steps(300).batchSize(32).optimizer("adam").learningRate(1e-2).build();
    private final List<TrainingListener> listeners = new ArrayList<>();

    private TransformerVariants(Dataset train, Dataset test) {
        if (train == null) throw new IllegalArgumentException("training data must not be null");
        if (train.positions() < 2) {
            throw new IllegalArgumentException("dataset '" + train.name() + "' is not a sequence task (one label per position): use SequenceTasks");
        }
        this.train = train;
        this.test = test;
    }

    /** Trains on the split's training part and evaluates on its test part. */
    public static TransformerVariants of(Split data) {
        if (data == null) throw new IllegalArgumentException("data must not be null");
        return new TransformerVariants(data.train(), data.test());
    }

    /** The variants to train (default post-LN and pre-LN). */
    public TransformerVariants variants(Variant... vs) {
        if (vs.length == 0) throw new IllegalArgumentException("choose at least one variant");
        variants = List.of(vs);
        return this;
    }

    /** The warm-up lengths in steps to try each variant with (default 0: none). */
    public TransformerVariants warmups(long... steps) {
        if (steps.length == 0) throw new IllegalArgumentException("choose at least one warm-up length (0: none)");
        for (long w : steps) Shapes.require(w >= 0, "warm-up steps", w, ">= 0");
        warmups = steps.clone();
        return this;
    }

    /** The seeds (weights and batch order) to repeat every run with (default 1). */
    public TransformerVariants seeds(long... s) {
        if (s.length == 0) throw new IllegalArgumentException("choose at least one seed");
        seeds = s.clone();
        return this;
    }

    /** Transformer blocks (default 4). */
    public TransformerVariants layers(int n) { Shapes.require(n >= 1, "layers", n, ">= 1"); layers = n; return this; }

    /** d_model (default 32). */
    public TransformerVariants width(int c) { Shapes.require(c >= 1, "width (d_model)", c, ">= 1"); width = c; return this; }

    /** Attention heads (default 4). */
    public TransformerVariants heads(int h) { Shapes.require(h >= 1, "heads", h, ">= 1"); heads = h; return this; }

    /** Steps, batch size, optimizer and learning rate (default: 300 steps of Adam at 1e-2, batch 32); its warm-up and seed are replaced by each run's. */
    public TransformerVariants config(TrainConfig c) {
        if (c == null) throw new IllegalArgumentException("train config must not be null");
        config = c;
        return this;
    }

    public TransformerVariants listener(TrainingListener l) {
        if (l == null) throw new IllegalArgumentException("listener must not be null");
        listeners.add(l);
        return this;
    }

    /** The model of one run, named e.g. post-ln-warmup100-seed2. */
    public Model model(Variant v, long warmup, long seed) {
        Model preset = Models.transformer(layers, width, heads, train.classes(), (int) train.exampleShape()[0], v);
        Model m = Model.of(v.label() + "-warmup" + warmup + "-seed" + seed, preset.net()).inputShape(preset.inputShape()).seed(seed);
        m.config().putAll(preset.config());
        return m;
    }

    /** Trains every variant × warm-up × seed, seed by seed; if the thread is interrupted, returns the runs done. */
    public TransformerVariantsResult run() {
        List<TransformerVariantsResult.Run> runs = new ArrayList<>();
        outer:
        for (long seed : seeds) {
            for (Variant v : variants) {
                for (long w : warmups) {
                    if (Thread.currentThread().isInterrupted()) break outer;
                    Model m = model(v, w, seed);
                    Trainer trainer = Trainer.of(config.toBuilder().warmup(w).seed(seed).build());
                    listeners.forEach(trainer::listener);
                    try (ProbeSession probes = Probes.gradients().every(10).run("variants").attach(m)) {
                        TrainResult r = trainer.fit(m, train, test);
                        runs.add(new TransformerVariantsResult.Run(v, w, seed, m, r, probes.table()));
                        if (r.interrupted()) break outer;
                    }
                }
            }
        }
        return new TransformerVariantsResult(runs, describe());
    }

    private Map<String, Object> describe() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("experiment", "transformer-variants");
        List<String> names = new ArrayList<>();
        for (Variant v : variants) names.add(v.label());
        c.put("variants", names);
        c.put("warmups", java.util.Arrays.toString(warmups));
        c.put("seeds", java.util.Arrays.toString(seeds));
        c.put("layers", layers);
        c.put("d_model", width);
        c.put("heads", heads);
        c.put("train_data", train.name());
        if (test != null) c.put("test_data", test.name());
        c.putAll(config.toMap());
        c.remove("train_seed");
        return c;
    }
}
