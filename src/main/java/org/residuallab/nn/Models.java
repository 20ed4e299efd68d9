package org.residuallab.nn;

/**
 * Preset models. {@link #seed()} is the lesson's Keras model; {@link #mlp} builds the deep plain or
 * residual MLPs every experiment compares; {@link #transformer} the decoder-only transformers of the
 * second use case, and {@link #gpt2Small()} GPT-2's smallest size for its summary.
 */
public final class Models {
    private Models() {}

    /**
     * The lesson's model exactly: input 128 → one residual block (Dense 128 + ReLU → BN → Dense 128 → BN →
     * Add → ReLU) → Dense 10 with softmax (fused into the cross-entropy loss).
     */
    public static Model seed() {
        Sequential net = Sequential.of(Blocks.postActivation(128, Init.glorotUniform()), new Dense(128, 10));
        Model m = Model.of("seed", net).seed(0);
        m.config().put("preset", "seed");
        return m;
    }

    /** A deep MLP: Dense(inputs → width) stem, {@code depth} hidden blocks, Dense(width → outputs) head. */
    public static Mlp mlp(int depth, int width, String activation, Init init, BlockKind kind) {
        return new Mlp().depth(depth).width(width).activation(activation).init(init).block(kind);
    }

    public static Mlp mlp() {
        return new Mlp();
    }

    /** The CIFAR ResNet of depth 6n + 2 (He et al. 2015, §4.2); set width, inputs, classes, then build(). */
    public static ResNet resnet(int n) {
        Shapes.require(n >= 1, "n (blocks per stage)", n, ">= 1");
        return ResNet.cifar(6 * n + 2, BlockKind.RESIDUAL);
    }

    /** The plain twin of {@link #resnet(int)}: the same convolutions and BatchNorms, no skips. */
    public static ResNet plainConvNet(int n) {
        Shapes.require(n >= 1, "n (blocks per stage)", n, ">= 1");
        return ResNet.cifar(6 * n + 2, BlockKind.PLAIN);
    }

    /** ResNet-18 for 224×224 RGB images and 1000 classes: 11,689,512 trainable parameters, as torchvision's. */
    public static Model resnet18() { return ResNet.imagenet(18, BlockKind.RESIDUAL).name("resnet18").build(); }

    /** ResNet-34: 21,797,672 trainable parameters. */
    public static Model resnet34() { return ResNet.imagenet(34, BlockKind.RESIDUAL).name("resnet34").build(); }

    /** ResNet-50 (bottleneck blocks): 25,557,032 trainable parameters. */
    public static Model resnet50() { return ResNet.imagenet(50, BlockKind.RESIDUAL).name("resnet50").build(); }

    /** ResNet-101: 44,549,160 trainable parameters. */
    public static Model resnet101() { return ResNet.imagenet(101, BlockKind.RESIDUAL).name("resnet101").build(); }

    /** ResNet-152: 60,192,808 trainable parameters. */
    public static Model resnet152() { return ResNet.imagenet(152, BlockKind.RESIDUAL).name("resnet152").build(); }

    /**
     * A small decoder-only transformer (GPT-2's layout): token embedding + learned positions →
     * {@code layers} {@link TransformerBlock}s → a final LayerNorm where the variant has one → a head tied
     * to the token embedding. Input token ids (B, T), T ≤ context; output logits (B, T, vocab).
     * <pre>Model m = Models.transformer(4, 128, 4, 65, 64, Variant.PRE_LN);</pre>
     */
    public static Model transformer(int layers, int dModel, int heads, int vocab, int context, TransformerBlock.Variant variant) {
        return transformer(layers, dModel, heads, vocab, context, variant, true);
    }

    /** As {@link #transformer(int, int, int, int, int, TransformerBlock.Variant)}, with a tied head or an untied Dense(C, vocab). */
    public static Model transformer(int layers, int dModel, int heads, int vocab, int context, TransformerBlock.Variant variant,
                                    boolean tied) {
        if (variant == null) throw new IllegalArgumentException("the transformer variant must not be null (e.g. Variant.PRE_LN)");
        return transformer("transformer-" + variant.label(), layers, dModel, heads, vocab, context, variant, tied);
    }

    private static Model transformer(String name, int layers, int dModel, int heads, int vocab, int context,
                                     TransformerBlock.Variant variant, boolean tied) {
        return MemoryGuard.checkedBuild(() -> assemble(name, layers, dModel, heads, vocab, context, variant, tied),
                m -> "Make dModel (" + dModel + "), layers (" + layers + "), vocab (" + vocab + ") or context (" + context + ") smaller");
    }

    private static Model assemble(String name, int layers, int dModel, int heads, int vocab, int context,
                                  TransformerBlock.Variant variant, boolean tied) {
        Shapes.require(layers >= 1, "layers", layers, ">= 1");
        Init init = Init.normal(0.02), projInit = Init.normal(0.02 / Math.sqrt(2.0 * layers)); // GPT-2's scaled residual projections
        Embedding tokens = new Embedding(vocab, dModel);
        Sequential net = Sequential.of(tokens, new PositionalEmbedding(context, dModel));
        for (int i = 0; i < layers; i++) net.add(TransformerBlock.of(variant, dModel, heads, init, projInit, 0));
        if (variant.finalNorm()) net.add(new LayerNorm(dModel));
        net.add(tied ? new TiedHead(tokens) : Sequential.named("head", new Dense(dModel, vocab, init)));
        Model m = Model.of(name, net).inputShape(context).seed(0);
        m.config().put("preset", "transformer");
        m.config().put("variant", variant.label());
        m.config().put("layers", layers);
        m.config().put("d_model", dModel);
        m.config().put("heads", heads);
        m.config().put("vocab", vocab);
        m.config().put("context", context);
        m.config().put("tied", tied);
        return m;
    }

    /**
     * GPT-2 small (Radford et al. 2019) for study: 12 pre-LN blocks, C = 768, 12 heads, vocabulary 50257,
     * context 1024, tied embeddings: 124,439,808 parameters. Built with {@link Param#shapesOnly}: its
     * summary costs no memory, but it cannot run. (Its GELU is the exact one, GPT-2's the tanh approximation.)
     */
    public static Model gpt2Small() {
        Model m = Param.shapesOnly(() -> transformer("gpt2-small", 12, 768, 12, 50257, 1024, TransformerBlock.Variant.PRE_LN, true));
        m.config().put("preset", "gpt2-small");
        return m;
    }
}
