package org.residuallab.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.residuallab.data.Dataset;
import org.residuallab.data.Split;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.probe.ProbeSession;
import org.residuallab.probe.Probes;
import org.residuallab.train.TrainConfig;
import org.residuallab.train.TrainResult;
import org.residuallab.train.Trainer;
import org.residuallab.train.TrainingListener;

/**
 * Depths × {plain, residual}: for each cell, the gradient norms at initialisation (step 0) and the
 * final training loss and accuracy after the same training budget. Deeper plain nets get worse, not
 * better (He et al. 2015's degradation problem); residual nets do not.
 * <pre>DepthSweepResult r = DepthSweep.over(2, 5, 10, 20).width(32).activation("sigmoid").init(Init.glorotUniform())
 *         .data(Datasets.spirals(100, 3, 0.1, 1)).config(TrainConfig.builder().steps(300).build()).run();
 * r.table();   // depth, block, model, metric, value
 * DepthSweep.over(8, 14, 20).models(ModelRecipe.resnet(16, Shortcut.ZERO_PAD).seed(1)).data(Images.digits(0.2, 1)).run();   // CIFAR ResNets</pre>
 */
public final class DepthSweep {
    private final int[] depths;
    private List<BlockKind> kinds = List.of(BlockKind.PLAIN, BlockKind.RESIDUAL);
    private int width = 32, layersPerBlock = 1;
    private String activation = "relu";
    private Init init = Init.he();
    private boolean batchNorm;
    private long seed;
    private ModelFactory factory;
    private Dataset train, test;
    private TrainConfig config = TrainConfig.builder().build();
    private Probes probes;
    private final List<TrainingListener> listeners = new ArrayList<>();

    private DepthSweep(int[] depths) {
        if (depths.length == 0) throw new IllegalArgumentException("DepthSweep needs at least one depth");
        for (int d : depths) if (d < 1) throw new IllegalArgumentException("depths must be >= 1 but got " + d);
        this.depths = depths.clone();
    }

    public static DepthSweep over(int... depths) {
        return new DepthSweep(depths);
    }

    public DepthSweep width(int w) { width = w; return this; }
    public DepthSweep activation(String a) { activation = a; return this; }
    public DepthSweep init(Init i) { init = i; return this; }
    public DepthSweep layersPerBlock(int n) { layersPerBlock = n; return this; }
    public DepthSweep batchNorm(boolean on) { batchNorm = on; return this; }

    /** The seed of every model's initialisation (the batch order's seed is the TrainConfig's). */
    public DepthSweep seed(long s) { seed = s; return this; }

    /** Which kinds to build (default plain and residual). */
    public DepthSweep kinds(BlockKind... ks) {
        if (ks.length == 0) throw new IllegalArgumentException("kinds must not be empty");
        kinds = List.of(ks);
        return this;
    }

    /**
     * Builds the models yourself instead of {@code Models.mlp} with width/activation/init/seed: a lambda for MLPs,
     * or a {@link ModelRecipe} for conv nets and transformers, e.g. {@code DepthSweep.over(8, 14, 20).models(ModelRecipe.resnet(16, Shortcut.ZERO_PAD))}.
     */
    public DepthSweep models(ModelFactory f) {
        if (f == null) throw new IllegalArgumentException("model factory must not be null");
        factory = f;
        return this;
    }

    public DepthSweep data(Split s) { return data(s.train(), s.test()); }

    public DepthSweep data(Dataset train) { return data(train, null); }

    public DepthSweep data(Dataset train, Dataset test) {
        if (train == null) throw new IllegalArgumentException("training data must not be null");
        this.train = train;
        this.test = test;
        return this;
    }

    public DepthSweep config(TrainConfig c) {
        if (c == null) throw new IllegalArgumentException("train config must not be null");
        config = c;
        return this;
    }

    public DepthSweep listener(TrainingListener l) { listeners.add(l); return this; }

    /**
     * The probes attached to every cell, e.g. {@code Probes.gradients().every(10)} to watch gradients over
     * training (default: gradient norms at step 0 only). They must record gradient norms at step 0.
     */
    public DepthSweep probes(Probes p) {
        if (p == null) throw new IllegalArgumentException("probes must not be null (the default records gradients at step 0 only)");
        probes = p;
        return this;
    }

    /** Trains every cell (shallow first); on interruption returns the cells done so far. */
    public DepthSweepResult run() {
        if (train == null) throw new IllegalStateException("no data: call data(train, test) before run()");
        if (factory instanceof ModelRecipe recipe) for (int depth : depths) recipe.check(depth, train);   // before any training
        Trainer trainer = Trainer.of(config);
        listeners.forEach(trainer::listener);
        List<DepthSweepResult.Cell> cells = new ArrayList<>();
        outer:
        for (int depth : depths) {
            for (BlockKind kind : kinds) {
                if (Thread.currentThread().isInterrupted()) break outer;
                Model m = build(depth, kind);
                // by default record step 0 only: the gradients at initialisation
                Probes p = probes != null ? probes : Probes.gradients().every(Long.MAX_VALUE).run("sweep");
                try (ProbeSession s = p.attach(m)) {
                    TrainResult r = trainer.fit(m, train, test);
                    cells.add(new DepthSweepResult.Cell(depth, kind, r, s.gradientSummary(), s.table()));
                    if (r.interrupted()) break outer;
                }
            }
        }
        return new DepthSweepResult(cells, describe());
    }

    private Model build(int depth, BlockKind kind) {
        if (factory != null) return factory.build(depth, kind, train);
        return Compare.lossFor(Models.mlp(depth, width, activation, init, kind).layersPerBlock(layersPerBlock).batchNorm(batchNorm)
                .inputs(train.width()).outputs(train.outputs()).seed(seed).build(), train);
    }

    private Map<String, Object> describe() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("experiment", "depth_sweep");
        c.put("depths", Arrays.toString(depths));
        List<String> ks = new ArrayList<>();
        for (BlockKind k : kinds) ks.add(k.label());
        c.put("blocks", ks);
        if (factory == null) {
            c.put("width", width);
            c.put("activation", activation);
            c.put("init", init.name());
            c.put("layers_per_block", layersPerBlock);
            c.put("batch_norm", batchNorm);
            c.put("seed", seed);
        } else if (factory instanceof ModelRecipe recipe) {
            c.putAll(recipe.describe());
        } else {
            c.put("models", "custom factory");
        }
        c.put("train_data", train.name());
        if (test != null) c.put("test_data", test.name());
        c.putAll(config.toMap());
        return c;
    }
}
