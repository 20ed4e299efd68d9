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
import org.residuallab.nn.CausalSelfAttention;
import org.residuallab.nn.Conv2d;
import org.residuallab.nn.Dense;
import org.residuallab.nn.Init;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Loss;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.nn.Optimizer;
import org.residuallab.nn.ResNet;
import org.residuallab.nn.ResidualBlock;
import org.residuallab.nn.Shapes;
import org.residuallab.nn.TiedHead;
import org.residuallab.nn.TransformerBlock;

/**
 * A benchmark configuration: a model, one fixed random batch and an optimizer. The issue-6 MLPs come from the
 * {@link Models#mlp} preset (Dense stem, pre-activation blocks of activation → Dense, activation → Dense head to 10
 * classes, zero biases) on (B, 128) standard normal inputs, with softmax cross-entropy and SGD lr 0.01. The conv
 * configurations are the CIFAR ResNet-20 and its plain twin ({@link ResNet}: base width 16, option-A shortcuts) on
 * (64, 1, 28, 28) standard normal images, 10 classes, SGD lr 0.01; {@code transformer} is a GPT-2-style decoder
 * (4 pre-LN layers, C = 128, 4 heads, T = 64, vocabulary 65, tied head) on (32, 64) random tokens with Adam lr 3e-4.
 * src/bench/torch_bench.py builds the same networks in PyTorch.
 */
public final class BenchConfig {
    public static final int INPUTS = 128, CLASSES = 10;
    public static final double LR = 0.01, TRANSFORMER_LR = 3e-4;
    /** The images of the conv configurations (C, H, W), and the transformer's sizes. */
    public static final int IMAGE = 28, LAYERS = 4, D_MODEL = 128, HEADS = 4, CONTEXT = 64, VOCAB = 65;

    private final String name, description;
    private final int batch;
    private final Supplier<Model> model;
    private final Kind kind;

    /** What the model takes and how it learns: MLP features, images or tokens. */
    private enum Kind { MLP, IMAGES, TOKENS }

    private BenchConfig(String name, String description, int batch, Kind kind, Supplier<Model> model) {
        this.name = name;
        this.description = description;
        this.batch = batch;
        this.kind = kind;
        this.model = model;
    }

    /** plain50, res50, plain10, wide: the configurations of issue 6; the default set of {@code bench}. */
    public static List<BenchConfig> all() {
        return List.of(
                new BenchConfig("plain50", "plain, 50 blocks of tanh → Dense 128, Xavier-uniform, batch 64", 64, Kind.MLP,
                        () -> Models.mlp(50, 128, "tanh", Init.glorotUniform(), BlockKind.PLAIN).inputs(INPUTS).outputs(CLASSES).seed(1).build()),
                new BenchConfig("res50", "residual, 25 blocks x + 0.2·F(x), F = (ReLU → Dense 128) × 2, He-normal, batch 64", 64, Kind.MLP,
                        BenchConfig::res50),
                new BenchConfig("plain10", "plain, 10 blocks of tanh → Dense 128, Xavier-uniform, batch 64", 64, Kind.MLP,
                        () -> Models.mlp(10, 128, "tanh", Init.glorotUniform(), BlockKind.PLAIN).inputs(INPUTS).outputs(CLASSES).seed(1).build()),
                new BenchConfig("wide", "plain, 20 blocks of tanh → Dense 512, Xavier-uniform, batch 256", 256, Kind.MLP,
                        () -> Models.mlp(20, 512, "tanh", Init.glorotUniform(), BlockKind.PLAIN).inputs(INPUTS).outputs(CLASSES).seed(1).build()));
    }

    /** resnet20, plain20 (issue 15) and transformer (issue 16): the conv and sequence configurations, run when named. */
    public static List<BenchConfig> more() {
        String cifar = "CIFAR family, base width 16, 3 stages × 3 basic blocks (conv 3×3 → BN → ReLU) × 2, He-normal, "
                + "1×28×28 images, batch 64";
        return List.of(
                new BenchConfig("resnet20", "ResNet-20, " + cifar + ", option-A shortcuts", 64, Kind.IMAGES, () -> cifar(BlockKind.RESIDUAL)),
                new BenchConfig("plain20", "plain-20 (ResNet-20 without skips), " + cifar, 64, Kind.IMAGES, () -> cifar(BlockKind.PLAIN)),
                new BenchConfig("transformer", "decoder-only transformer, " + LAYERS + " pre-LN layers, C = " + D_MODEL + ", " + HEADS
                        + " heads, T = " + CONTEXT + ", vocabulary " + VOCAB + ", tied head, exact GELU, N(0, 0.02²), batch 32", 32, Kind.TOKENS,
                        () -> Models.transformer(LAYERS, D_MODEL, HEADS, VOCAB, CONTEXT, TransformerBlock.Variant.PRE_LN).seed(1)));
    }

    private static Model cifar(BlockKind kind) {
        return ResNet.cifar(20, kind).width(16).inputs(1, IMAGE, IMAGE).classes(CLASSES).seed(1).build();
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
        for (List<BenchConfig> cs : List.of(all(), more())) {
            for (BenchConfig c : cs) if (c.name.equals(name.trim().toLowerCase(Locale.ROOT))) return c;
        }
        throw new IllegalArgumentException("unknown benchmark configuration '" + name + "': expected one of "
                + String.join(", ", all().stream().map(BenchConfig::name).toList()) + " (the default set), or "
                + String.join(", ", more().stream().map(BenchConfig::name).toList()));
    }

    public String name() { return name; }

    public String description() { return description; }

    public int batch() { return batch; }

    public Model build() { return model.get(); }

    /** A fresh optimizer: SGD lr 0.01 (Adam lr 3e-4 for the transformer). */
    public Optimizer optimizer() {
        return kind == Kind.TOKENS ? Optimizer.adam(TRANSFORMER_LR) : Optimizer.sgd(LR);
    }

    /** The optimizer as the report names it: "SGD lr 0.01" or "Adam lr 3.0E-4". */
    public String optimizerText() {
        return kind == Kind.TOKENS ? "Adam lr " + TRANSFORMER_LR : "SGD lr " + LR;
    }

    /** A fixed batch: (B, 128) or (B, 1, 28, 28) standard normal values, or (B, 64) token ids uniform in 0..64. */
    public INDArray inputs() {
        Random r = new Random(7);
        if (kind == Kind.TOKENS) return tokens(r);
        long[] shape = kind == Kind.MLP ? new long[] {batch, INPUTS} : new long[] {batch, 1, IMAGE, IMAGE};
        float[] v = new float[Math.toIntExact(Shapes.size(shape))];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        return Nd4j.create(v, shape, DataType.FLOAT);
    }

    /** One-hot targets (B, 10) of random labels, or (B, 64) random next tokens for the transformer. */
    public INDArray targets() {
        Random r = new Random(8);
        if (kind == Kind.TOKENS) return tokens(r);
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) labels[i] = r.nextInt(CLASSES);
        return Loss.oneHot(labels, CLASSES, DataType.FLOAT);
    }

    private INDArray tokens(Random r) {
        float[] v = new float[batch * CONTEXT];
        for (int i = 0; i < v.length; i++) v[i] = r.nextInt(VOCAB);
        return Nd4j.create(v, new long[] {batch, CONTEXT}, DataType.FLOAT);
    }

    /**
     * Floating-point operations of the matrix products in one step, each counted three times (forward, dX, dW):
     * 6·B·in·out per Dense, 6·B·O·OH·OW·C·k·k per convolution, 6·B·T·T·C for each of the attention's two products
     * (q·kᵀ and att·v, the whole T × T square), 6·B·T·C·vocab for the tied head. Normalisations, activations, pooling
     * and the optimizer are left out.
     */
    public long flopsPerStep(Model m) {
        long flops = 0;
        long[] shape = m.inputShape();
        long rows = batch;   // rows of the matrix products: B, or B·T for sequences
        if (kind == Kind.TOKENS) rows = (long) batch * shape[0];
        for (Layer l : m.leaves()) {
            if (l instanceof Conv2d c) {
                long[] out = convOutput(m, c);
                flops += 6L * batch * c.outChannels() * out[1] * out[2] * c.inChannels() * c.kernel() * c.kernel();
            } else if (l instanceof Dense d) {
                flops += 6L * rows * l.inputWidth() * d.outWidth();
            } else if (l instanceof TiedHead) {
                flops += 6L * rows * D_MODEL * VOCAB;
            }
        }
        for (Layer l : all(m.net())) {
            if (l instanceof CausalSelfAttention) flops += 2 * 6L * batch * shape[0] * shape[0] * D_MODEL;
        }
        return flops;
    }

    // the output shape (O, OH, OW) of a convolution inside m, found by walking the example's shape through the net
    private static long[] convOutput(Model m, Conv2d conv) {
        long[][] found = new long[1][];
        walk(m.net(), m.inputShape(), conv, found);
        if (found[0] == null) throw new IllegalStateException("convolution " + conv.path() + " not reached in " + m.name());
        return found[0];
    }

    private static long[] walk(Layer l, long[] in, Conv2d conv, long[][] found) {
        if (l == conv) found[0] = conv.outputShape(in);
        if (l instanceof Block b) {
            walk(b.body(), in, conv, found);
            if (b instanceof ResidualBlock r) walk(r.shortcut(), in, conv, found);
        } else if (l instanceof org.residuallab.nn.Sequential s) {
            long[] x = in;
            for (Layer c : s.children()) x = walk(c, x, conv, found);
        }
        return l.outputShape(in);
    }

    private static List<Layer> all(Layer l) {
        List<Layer> out = new java.util.ArrayList<>();
        out.add(l);
        for (Layer c : l.children()) out.addAll(all(c));
        return out;
    }
}
