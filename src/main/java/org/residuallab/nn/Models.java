package org.residuallab.nn;

/**
 * Preset models. {@link #seed()} is the lesson's Keras model; {@link #mlp} builds the deep plain or
 * residual MLPs every experiment compares.
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
}
