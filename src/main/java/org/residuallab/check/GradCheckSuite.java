package org.residuallab.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.*;

/**
 * The gradient checks of the whole library: every layer, every block variant, every loss and two
 * models, each in float64 on random non-zero weights and inputs. Used by the tests and by
 * {@code residual-lab gradcheck}.
 */
public final class GradCheckSuite {
    /** One check: its group (layer, block, loss, model), its name and how to run it. */
    public record Item(String group, String name, Supplier<GradReport> check) {
        public GradReport run() { return check.get(); }

        @Override
        public String toString() { return group + ": " + name; }
    }

    private GradCheckSuite() {}

    public static List<Item> all() {
        List<Item> all = new ArrayList<>(layers());
        all.addAll(blocks());
        all.addAll(convolutions());
        all.addAll(losses());
        all.addAll(models());
        return all;
    }

    public static List<Item> layers() {
        List<Item> items = new ArrayList<>();
        layer(items, "Dense", () -> new Dense(5, 4));
        layer(items, "ReLU", ReLU::new);
        layer(items, "LeakyReLU(0.1)", () -> new LeakyReLU(0.1));
        layer(items, "Tanh", Tanh::new);
        layer(items, "Sigmoid", Sigmoid::new);
        layer(items, "GELU", GELU::new);
        layer(items, "Identity", Identity::new);
        layer(items, "BatchNorm (train)", () -> new BatchNorm(5));
        layer(items, "BatchNorm (eval)", () -> eval(new BatchNorm(5)));
        layer(items, "LayerNorm", () -> new LayerNorm(5));
        layer(items, "Dropout(0.3) (train, frozen mask)", () -> new Dropout(0.3));
        layer(items, "Dropout(0.3) (eval)", () -> eval(new Dropout(0.3)));
        layer(items, "Sequential(Dense, Tanh, Dense, LayerNorm, GELU)",
                () -> Sequential.of(new Dense(5, 6), new Tanh(), new Dense(6, 4), new LayerNorm(4), new GELU()));
        items.addAll(sequenceLayers());
        return items;
    }

    public static List<Item> blocks() {
        List<Item> items = new ArrayList<>();
        Init he = Init.he();
        block(items, "residual post-activation (lesson's Keras block)", () -> Blocks.postActivation(3, he));
        block(items, "plain post-activation", () -> Blocks.postActivationPlain(3, he));
        block(items, "residual pre-activation", () -> Blocks.preActivation(3, he));
        block(items, "plain pre-activation", () -> Blocks.preActivationPlain(3, he));
        block(items, "residual mlp 2 x (Dense, Tanh)", () -> Blocks.mlp(BlockKind.RESIDUAL, 3, "tanh", he, 2, false));
        block(items, "plain mlp 2 x (Dense, Tanh)", () -> Blocks.mlp(BlockKind.PLAIN, 3, "tanh", he, 2, false));
        block(items, "residual mlp 2 x (Dense, BN, ReLU)", () -> Blocks.mlp(BlockKind.RESIDUAL, 3, "relu", he, 2, true));
        block(items, "plain mlp 2 x (Dense, BN, ReLU)", () -> Blocks.mlp(BlockKind.PLAIN, 3, "relu", he, 2, true));
        block(items, "residual projection shortcut 3->5", () -> ResidualBlock.of(new Dense(3, 5), new Tanh(), new Dense(5, 5)));
        block(items, "residual projection shortcut + BN 3->5",
                () -> ResidualBlock.of(new Dense(3, 5), new Tanh(), new Dense(5, 5)).projection(true));
        block(items, "residual projection shortcut, same width", () -> mlpResidual().projection(false));
        block(items, "residual fixed alpha = 0.3", () -> mlpResidual().branchScale(0.3));
        block(items, "plain fixed alpha = 0.3", () -> ((PlainBlock) Blocks.mlp(BlockKind.PLAIN, 3, "gelu", he, 2, false)).branchScale(0.3));
        block(items, "residual learnable alpha", () -> mlpResidual().learnableBranchScale(0.5));
        block(items, "plain learnable alpha", () -> ((PlainBlock) Blocks.mlp(BlockKind.PLAIN, 3, "gelu", he, 2, false)).learnableBranchScale(0.5));
        block(items, "residual lambda = 0.5", () -> mlpResidual().shortcutScale(0.5));
        block(items, "residual post ReLU", () -> mlpResidual().post(new ReLU()));
        block(items, "residual with dropout in the branch (frozen mask)",
                () -> ResidualBlock.of(new Dense(3, 3), new ReLU(), new Dropout(0.25), new Dense(3, 3)));
        block(items, "residual learnable alpha, lambda 0.5, projection + BN, post ReLU",
                () -> ResidualBlock.of(new Dense(3, 5), new GELU(), new Dense(5, 5)).projection(true)
                        .learnableBranchScale(0.5).shortcutScale(0.5).post(new ReLU()));
        block(items, "residual bypassed (lesion)", () -> bypassed(mlpResidual().post(new Tanh())));
        block(items, "plain bypassed (lesion)", () -> bypassed(((PlainBlock) Blocks.mlp(BlockKind.PLAIN, 3, "tanh", he, 1, false)).post(new Tanh())));
        items.addAll(transformerBlocks());
        return items;
    }

    /** Convolutional layers and blocks on small (B, C, H, W) batches: strides, padding, both shortcut options, BN in training. */
    public static List<Item> convolutions() {
        List<Item> items = new ArrayList<>();
        long[] img = {2, 3, 5, 5};
        conv(items, "layer", "Conv2d 3×3, stride 1, padding 1, bias", () -> new Conv2d(3, 4, 3), img);
        conv(items, "layer", "Conv2d 3×3, stride 2, padding 1, no bias", () -> new Conv2d(3, 4, 3, 2, 1, false), img);
        conv(items, "layer", "Conv2d 1×1, stride 2 (projection)", () -> new Conv2d(3, 4, 1, 2, 0, false), img);
        conv(items, "layer", "Conv2d 2×2, stride 1, no padding", () -> new Conv2d(3, 2, 2, 1, 0, true), img);
        conv(items, "layer", "BatchNorm2d (train)", () -> new BatchNorm2d(3), img);
        conv(items, "layer", "BatchNorm2d (eval)", () -> eval(new BatchNorm2d(3)), img);
        conv(items, "layer", "MaxPool2d 3×3, stride 2, padding 1", () -> new MaxPool2d(3, 2, 1), img);
        conv(items, "layer", "GlobalAvgPool", GlobalAvgPool::new, img);
        conv(items, "layer", "Flatten", Flatten::new, img);
        conv(items, "layer", "PadShortcut 3 -> 5, stride 2 (option A)", () -> new PadShortcut(3, 5, 2), img);
        long[] blockImg = {2, 2, 5, 5};
        for (BlockKind kind : BlockKind.values()) {
            String k = kind.label();
            conv(items, "block", k + " basic, same shape", () -> ConvBlocks.basic(kind, 2, 2, 1, Shortcut.ZERO_PAD), blockImg);
            conv(items, "block", k + " basic, stride 2, option A", () -> ConvBlocks.basic(kind, 2, 4, 2, Shortcut.ZERO_PAD), blockImg);
            conv(items, "block", k + " bottleneck, stride 2, option B", () -> ConvBlocks.bottleneck(kind, 2, 2, 2, Shortcut.PROJECTION), blockImg);
            conv(items, "block", k + " pre-activation, stride 2, option B", () -> ConvBlocks.preActivation(kind, 2, 3, 2, Shortcut.PROJECTION), blockImg);
        }
        conv(items, "block", "residual basic, learnable alpha (ReZero-style)",
                () -> ((ResidualBlock) ConvBlocks.basic(BlockKind.RESIDUAL, 2, 2, 1, Shortcut.ZERO_PAD)).learnableBranchScale(0.5), blockImg);
        items.add(new Item("model", "resnet8, base width 2, on (3, 1, 6, 6) images", () -> {
            Model m = Models.resnet(1).width(2).inputs(1, 6, 6).classes(3).seed(3).build().dtype(DataType.DOUBLE);
            randomize(m.net(), new Random(8));
            return GradCheck.model(m, gaussian(new Random(9), new long[] {3, 1, 6, 6}), Loss.oneHot(new int[] {0, 2, 1}, 3, DataType.DOUBLE))
                    .name("model: resnet8 (width 2)").run();
        }));
        return items;
    }

    public static List<Item> losses() {
        List<Item> items = new ArrayList<>();
        items.add(new Item("loss", "softmax-cross-entropy, one-hot targets",
                () -> lossCheck("softmax-cross-entropy, one-hot targets", Loss.softmaxCrossEntropy(), 1, Loss.oneHot(new int[] {0, 2, 1, 3, 3, 0}, 4, DataType.DOUBLE), 3e-4)));
        items.add(new Item("loss", "softmax-cross-entropy, soft targets",
                () -> lossCheck("softmax-cross-entropy, soft targets", Loss.softmaxCrossEntropy(), 1, softTargets(), 3e-4)));
        items.add(new Item("loss", "softmax-cross-entropy, large logits (std 20)",
                () -> lossCheck("softmax-cross-entropy, large logits (std 20)", Loss.softmaxCrossEntropy(), 20, Loss.oneHot(new int[] {1, 1, 0, 2, 3, 0}, 4, DataType.DOUBLE),
                        1e-3))); // a loss of size 20 has rounding noise eps·20/h: a larger step keeps it small
        items.add(new Item("loss", "mse", () -> lossCheck("mse", Loss.mse(), 1, gaussian(new Random(5), 6, 4), 3e-4)));
        items.addAll(sequenceLosses());
        return items;
    }

    public static List<Item> models() {
        List<Item> items = new ArrayList<>();
        items.add(new Item("model", "mlp residual depth 2, width 4, tanh, BN, cross-entropy", () -> {
            Model m = Models.mlp(2, 4, "tanh", Init.he(), BlockKind.RESIDUAL).inputs(3).outputs(3).batchNorm(true)
                    .dtype(DataType.DOUBLE).seed(3).build();
            randomize(m.net(), new Random(3));
            return GradCheck.model(m, gaussian(new Random(4), 5, 3), Loss.oneHot(new int[] {0, 1, 2, 2, 1}, 3, DataType.DOUBLE))
                    .name("model: mlp residual depth 2 (BN, tanh)").run();
        }));
        items.add(new Item("model", "seed (the lesson's model; 6 sampled entries per array)", () -> {
            Model m = Models.seed().dtype(DataType.DOUBLE);
            randomize(m.net(), new Random(6));
            return GradCheck.model(m, gaussian(new Random(7), 8, 128), Loss.oneHot(new int[] {0, 1, 2, 3, 4, 5, 6, 9}, 10, DataType.DOUBLE))
                    .name("model: seed (6 entries per array)").sample(6).run();
        }));
        items.addAll(transformerModels());
        return items;
    }

    // the transformer's pieces on sequences (B, T, C): B = 2, T = 4, C = 6

    /** Embeddings, attention (mask, several heads, both paths), LayerNorm and Dense on (B, T, C), tied weights. */
    public static List<Item> sequenceLayers() {
        List<Item> items = new ArrayList<>();
        sequence(items, "layer", "Embedding (ids (2, 4), vocab 7)", () -> new Embedding(7, 6), () -> tokens(21, 2, 4, 7));
        sequence(items, "layer", "PositionalEmbedding (T 4 of context 6)", () -> new PositionalEmbedding(6, 6), () -> sequence(22, 2, 4, 6));
        sequence(items, "layer", "LayerNorm on (B, T, C)", () -> new LayerNorm(6), () -> sequence(23, 2, 4, 6));
        sequence(items, "layer", "Dense on (B, T, C)", () -> new Dense(6, 5), () -> sequence(24, 2, 4, 6));
        sequence(items, "layer", "CausalSelfAttention, 1 head, causal mask", () -> new CausalSelfAttention(6, 1), () -> sequence(25, 2, 4, 6));
        sequence(items, "layer", "CausalSelfAttention, 3 heads, causal mask", () -> new CausalSelfAttention(6, 3), () -> sequence(26, 2, 4, 6));
        sequence(items, "layer", "CausalSelfAttention, 2 heads, reference loops",
                () -> new CausalSelfAttention(6, 2).reference(true), () -> sequence(27, 2, 4, 6));
        sequence(items, "layer", "CausalSelfAttention on (B, C) (one position)", () -> new CausalSelfAttention(6, 2), () -> gaussian(new Random(28), 3, 6));
        sequence(items, "layer", "GELU MLP on (B, T, C)", () -> Sequential.of(new Dense(6, 24), new GELU(), new Dense(24, 6)),
                () -> sequence(29, 2, 4, 6));
        sequence(items, "layer", "tied weights: Embedding -> TiedHead", () -> {
            Embedding e = new Embedding(7, 6);
            return Sequential.of(e, new LayerNorm(6), new TiedHead(e));
        }, () -> tokens(30, 2, 4, 7));
        return items;
    }

    /** The four transformer block variants, 2 heads. */
    public static List<Item> transformerBlocks() {
        List<Item> items = new ArrayList<>();
        for (TransformerBlock.Variant v : TransformerBlock.Variant.values()) {
            sequence(items, "block", "transformer " + v.label() + " (2 heads)", () -> TransformerBlock.of(v, 6, 2), () -> sequence(31, 2, 4, 6));
        }
        return items;
    }

    /** Cross-entropy on sequences (B, T, K): one-hot targets, and class indices with ignored positions. */
    public static List<Item> sequenceLosses() {
        List<Item> items = new ArrayList<>();
        INDArray logits = sequence(41, 2, 3, 4);
        items.add(new Item("loss", "softmax-cross-entropy on (B, T, K), one-hot targets", () -> GradCheck.loss(Loss.softmaxCrossEntropy(),
                logits, Loss.oneHot(new int[] {0, 3, 1, 2, 2, 0}, 4, DataType.DOUBLE).reshape(2, 3, 4)).name("softmax-cross-entropy (B, T, K), one-hot").run()));
        items.add(new Item("loss", "softmax-cross-entropy on (B, T, K), class indices, -1 ignored", () -> GradCheck.loss(Loss.softmaxCrossEntropy(),
                logits, Nd4j.create(new double[] {-1, 3, 1, -1, 2, 0}, new long[] {2, 3}, DataType.DOUBLE))
                .name("softmax-cross-entropy (B, T, K), indices").run()));
        return items;
    }

    /** Small transformers (2 layers, C 6, 2 heads, vocabulary 7, context 5) on their loss; 12 sampled entries per array. */
    public static List<Item> transformerModels() {
        List<Item> items = new ArrayList<>();
        for (TransformerBlock.Variant v : TransformerBlock.Variant.values()) {
            boolean tied = v != TransformerBlock.Variant.POST_LN;
            String name = "transformer " + v.label() + (tied ? ", tied head" : ", untied head");
            items.add(new Item("model", name, () -> {
                Model m = Models.transformer(2, 6, 2, 7, 5, v, tied).dtype(DataType.DOUBLE);
                randomize(m.net(), new Random(8));
                INDArray y = Nd4j.create(new double[] {-1, 3, 1, 6, 2, 0, 5, 5, -1, 4}, new long[] {2, 5}, DataType.DOUBLE);
                return GradCheck.model(m, tokens(9, 2, 5, 7), y).name("model: " + name + " (12 entries per array)").sample(12).run();
            }));
        }
        return items;
    }

    private static void sequence(List<Item> items, String group, String name, Supplier<Layer> make, Supplier<INDArray> input) {
        items.add(new Item(group, name, () -> {
            Layer layer = make.get();
            layer.castTo(DataType.DOUBLE);
            randomize(layer, new Random(name.hashCode()));
            return GradCheck.layer(layer).name(name).seed(name.hashCode()).input(input.get()).run();
        }));
    }

    /** (b, t, c) of N(0, 1). */
    static INDArray sequence(long seed, int b, int t, int c) {
        return gaussian(new Random(seed), b * t, c).reshape('c', b, t, c);
    }

    /** Token ids (b, t) uniform in 0..vocab-1, as float64. */
    static INDArray tokens(long seed, int b, int t, int vocab) {
        Random rng = new Random(seed);
        double[] v = new double[b * t];
        for (int i = 0; i < v.length; i++) v[i] = rng.nextInt(vocab);
        return Nd4j.create(v, new long[] {b, t}, DataType.DOUBLE);
    }

    /**
     * Gives every parameter a random non-zero value: weights N(0, 1/fanIn), biases and shifts N(0, 0.25),
     * BatchNorm/LayerNorm scales γ in [0.5, 1.5], running variances in [0.5, 2], branch scales α in [0.3, 1).
     */
    public static void randomize(Layer layer, Random rng) {
        for (Param p : layer.params()) {
            INDArray v = p.value();
            double[] d = new double[(int) v.length()];
            for (int i = 0; i < d.length; i++) {
                switch (p.name()) {
                    case "gamma": d[i] = 0.5 + rng.nextDouble(); break;
                    case "moving_variance": d[i] = 0.5 + 1.5 * rng.nextDouble(); break;
                    case "alpha": d[i] = 0.3 + 0.7 * rng.nextDouble(); break;
                    default: d[i] = rng.nextGaussian() * (fanIn(v) > 1 ? 1 / Math.sqrt(fanIn(v)) : 0.5);
                }
            }
            v.assign(Nd4j.create(d, v.shape(), v.dataType()));
        }
    }

    // a Dense weight's rows, a convolution's C·k·k, 1 for a bias (1, n)
    private static long fanIn(INDArray v) {
        return v.rank() == 4 ? v.length() / v.size(0) : v.rows();
    }

    private static void layer(List<Item> items, String name, Supplier<Layer> make) {
        items.add(new Item("layer", name, () -> checkLayer(name, make.get())));
    }

    private static void conv(List<Item> items, String group, String name, Supplier<Layer> make, long[] shape) {
        items.add(new Item(group, name, () -> {
            Layer layer = make.get();
            layer.castTo(DataType.DOUBLE);
            randomize(layer, new Random(name.hashCode()));
            return GradCheck.layer(layer).name(name).seed(name.hashCode()).input(gaussian(new Random(name.hashCode() + 1L), shape)).run();
        }));
    }

    private static void block(List<Item> items, String name, Supplier<Layer> make) {
        items.add(new Item("block", name, () -> checkLayer(name, make.get())));
    }

    /** Checks a layer on a random batch of 6 (width 5 if the layer takes any width); blocks are width 3. */
    private static GradReport checkLayer(String name, Layer layer) {
        layer.castTo(DataType.DOUBLE);
        randomize(layer, new Random(name.hashCode()));
        return GradCheck.layer(layer).name(name).seed(name.hashCode()).inputShape(6, 5).run();
    }

    private static <T extends Layer> T eval(T layer) {
        layer.setTraining(false);
        return layer;
    }

    private static Block bypassed(Block b) {
        b.setBypassed(true);
        return b;
    }

    private static ResidualBlock mlpResidual() {
        return (ResidualBlock) Blocks.mlp(BlockKind.RESIDUAL, 3, "gelu", Init.he(), 2, false);
    }

    private static GradReport lossCheck(String name, Loss loss, double logitScale, INDArray target, double step) {
        INDArray pred = gaussian(new Random(11), (int) target.rows(), (int) target.columns()).muli(logitScale);
        return GradCheck.loss(loss, pred, target).name(name).step(step).run();
    }

    private static INDArray softTargets() {
        INDArray t = gaussian(new Random(12), 6, 4);
        t = org.nd4j.linalg.ops.transforms.Transforms.exp(t, false);
        return t.diviColumnVector(t.sum(true, 1));
    }

    static INDArray gaussian(Random rng, long[] shape) {
        double[] v = new double[(int) Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) v[i] = rng.nextGaussian();
        return Nd4j.create(v, shape, DataType.DOUBLE);
    }

    static INDArray gaussian(Random rng, int rows, int cols) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = rng.nextGaussian();
        return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE);
    }
}
