package org.residuallab.bench;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.Block;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.ResidualBlock;
import org.residuallab.nn.Dense;
import org.residuallab.nn.Init;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Loss;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;

/**
 * A benchmark configuration: a model from the {@link Models#mlp} preset (Dense stem, pre-activation
 * blocks of activation → Dense, activation → Dense head to 10 classes, zero biases), softmax
 * cross-entropy, a fixed batch of random inputs and labels, SGD with lr 0.01.
 * src/bench/torch_bench.py builds the same networks in PyTorch.
 */
public final class BenchConfig {
    public static final int INPUTS = 128, CLASSES = 10;
    public static final double LR = 0.01;

    private final String name, description;
    private final int batch;
    private final Supplier<Model> model;

    private BenchConfig(String name, String description, int batch, Supplier<Model> model) {
        this.name = name;
        this.description = description;
        this.batch = batch;
        this.model = model;
    }

    /** plain50, res50, plain10, wide: the configurations of issue 6. */
    public static List<BenchConfig> all() {
        return List.of(
                new BenchConfig("plain50", "plain, 50 blocks of tanh → Dense 128, Xavier-uniform, batch 64", 64,
                        () -> Models.mlp(50, 128, "tanh", Init.glorotUniform(), BlockKind.PLAIN).inputs(INPUTS).outputs(CLASSES).seed(1).build()),
                new BenchConfig("res50", "residual, 25 blocks x + 0.2·F(x), F = (ReLU → Dense 128) × 2, He-normal, batch 64", 64,
                        BenchConfig::res50),
                new BenchConfig("plain10", "plain, 10 blocks of tanh → Dense 128, Xavier-uniform, batch 64", 64,
                        () -> Models.mlp(10, 128, "tanh", Init.glorotUniform(), BlockKind.PLAIN).inputs(INPUTS).outputs(CLASSES).seed(1).build()),
                new BenchConfig("wide", "plain, 20 blocks of tanh → Dense 512, Xavier-uniform, batch 256", 256,
                        () -> Models.mlp(20, 512, "tanh", Init.glorotUniform(), BlockKind.PLAIN).inputs(INPUTS).outputs(CLASSES).seed(1).build()));
    }

    /**
     * 25 blocks of 2 × (ReLU → Dense) with a fixed branch scale 0.2: unnormalised, with α = 1 the
     * activations grow with every block (logits ~6e3 at init) and SGD diverges at step 1; with 0.2 it trains.
     */
    private static Model res50() {
        Model m = Models.mlp(25, 128, "relu", Init.he(), BlockKind.RESIDUAL).layersPerBlock(2)
                .inputs(INPUTS).outputs(CLASSES).seed(1).build();
        for (Block b : m.blocks()) ((ResidualBlock) b).branchScale(RES_BRANCH_SCALE);
        return m;
    }

    public static final double RES_BRANCH_SCALE = 0.2;

    public static BenchConfig named(String name) {
        for (BenchConfig c : all()) if (c.name.equals(name.trim().toLowerCase(Locale.ROOT))) return c;
        throw new IllegalArgumentException("unknown benchmark configuration '" + name + "': expected one of "
                + String.join(", ", all().stream().map(BenchConfig::name).toList()));
    }

    public String name() { return name; }

    public String description() { return description; }

    public int batch() { return batch; }

    public Model build() { return model.get(); }

    /** A fixed batch (B, 128) of standard normal inputs. */
    public INDArray inputs() {
        Random r = new Random(7);
        float[] v = new float[batch * INPUTS];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        return Nd4j.create(v, new long[] {batch, INPUTS}, DataType.FLOAT);
    }

    /** One-hot targets (B, 10) of random labels. */
    public INDArray targets() {
        Random r = new Random(8);
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) labels[i] = r.nextInt(CLASSES);
        return Loss.oneHot(labels, CLASSES, DataType.FLOAT);
    }

    /** Floating-point operations of the matrix products in one step: 6·B·in·out per Dense (forward, dX, dW). */
    public long flopsPerStep(Model m) {
        long flops = 0;
        for (Layer l : m.leaves()) {
            if (l instanceof Dense) flops += 6L * batch * l.inputWidth() * ((Dense) l).outWidth();
        }
        return flops;
    }
}
