package org.residuallab.lesson;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.residuallab.data.Dataset;
import org.residuallab.experiment.DepthSweep;
import org.residuallab.experiment.DepthSweepResult;
import org.residuallab.nn.Activation;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Models;
import org.residuallab.nn.Shapes;
import org.residuallab.train.TrainConfig;

/**
 * Gradients at initialisation of plain MLPs over activations × initialisations × depths (Glorot and
 * Bengio 2010's study, in miniature): every cell is a {@code Models.mlp} (stem Dense, depth blocks of
 * [activation → Dense], head [activation → Dense]) in float64, run once forward and backward on the same
 * batch by a {@link DepthSweep} with a zero learning rate, its gradients recorded by the probes at step 0.
 * <pre>InitGridResult g = InitGrid.on(batch).activations("sigmoid", "tanh", "relu")
 *         .inits(Init.glorotUniform(), Init.he(), Init.normal(0.01)).depths(3, 10, 30).width(64).run();
 * g.probes("sigmoid", 10);   // probe table of the three sigmoid nets of depth 10
 * g.ratios();                // activation, init, model, depth, metric, value</pre>
 * Cells are named {@code activation-init-dDEPTH}, e.g. {@code tanh-xavier-d20}.
 */
public final class InitGrid {
    private final Dataset batch;
    private List<String> activations = List.of("sigmoid", "tanh", "relu");
    private List<Init> inits = List.of(Init.glorotUniform(), Init.he(), Init.normal(0.01));
    private int[] depths = {3, 5, 10, 20, 30, 50};
    private int width = 64;
    private long seed = 1;

    private InitGrid(Dataset batch) {
        this.batch = batch;
    }

    /** A grid measured on {@code batch}: all of it is one batch, so keep it small (a few hundred rows). */
    public static InitGrid on(Dataset batch) {
        if (batch == null) throw new IllegalArgumentException("InitGrid needs a batch of data");
        return new InitGrid(batch);
    }

    public InitGrid activations(String... names) {
        if (names.length == 0) throw new IllegalArgumentException("activations must not be empty");
        for (String n : names) Activation.parse(n);
        activations = List.of(names);
        return this;
    }

    public InitGrid inits(Init... is) {
        if (is.length == 0) throw new IllegalArgumentException("inits must not be empty");
        List<String> names = new ArrayList<>();
        for (Init i : is) {
            if (i == null) throw new IllegalArgumentException("an init is null");
            if (names.contains(i.name())) throw new IllegalArgumentException("two inits are named '" + i.name() + "'; name them apart with Init.named");
            names.add(i.name());
        }
        inits = List.of(is);
        return this;
    }

    /** Numbers of hidden blocks; default 3, 5, 10, 20, 30, 50. */
    public InitGrid depths(int... ds) {
        if (ds.length == 0) throw new IllegalArgumentException("depths must not be empty");
        for (int d : ds) Shapes.require(d >= 1, "depth", d, ">= 1");
        depths = ds.clone();
        return this;
    }

    public InitGrid width(int w) { Shapes.require(w >= 1, "width", w, ">= 1"); width = w; return this; }

    /** The seed of every cell's weights (the same seed for every cell). */
    public InitGrid seed(long s) { seed = s; return this; }

    /** Runs every cell once; stops early (returning the cells done) when the thread is interrupted. */
    public InitGridResult run() {
        TrainConfig once = TrainConfig.builder().steps(1).batchSize(batch.size()).optimizer("sgd").learningRate(0).build();
        List<InitGridResult.Cell> cells = new ArrayList<>();
        for (String act : activations) {
            for (Init init : inits) {
                if (Thread.currentThread().isInterrupted()) return new InitGridResult(cells);
                DepthSweepResult r = DepthSweep.over(depths).kinds(BlockKind.PLAIN)
                        .models((depth, kind, in, out) -> Models.mlp(depth, width, act, init, kind).inputs(in).outputs(out)
                                .seed(seed).dtype(DataType.DOUBLE).name(name(act, init.name(), depth)).build())
                        .data(batch).config(once).run();
                for (DepthSweepResult.Cell c : r.cells()) cells.add(InitGridResult.Cell.of(act, init.name(), c.depth(), c.probes()));
            }
        }
        return new InitGridResult(cells);
    }

    /** The model name of a cell: {@code activation-init-dDEPTH}. */
    public static String name(String activation, String init, int depth) {
        return activation + "-" + init + "-d" + depth;
    }
}
