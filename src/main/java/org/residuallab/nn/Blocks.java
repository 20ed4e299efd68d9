package org.residuallab.nn;

/** Factories for the blocks of the lesson and the literature, each as a residual block or its plain twin. */
public final class Blocks {
    private Blocks() {}

    /** The lesson's Keras block (post-activation, He et al. 2015): Dense+ReLU → BN → Dense → BN → Add → ReLU. */
    public static ResidualBlock postActivation(int width, Init init) {
        return new ResidualBlock(postActivationBody(width, init)).post(new ReLU());
    }

    public static PlainBlock postActivationPlain(int width, Init init) {
        return new PlainBlock(postActivationBody(width, init)).post(new ReLU());
    }

    private static Sequential postActivationBody(int width, Init init) {
        return Sequential.of(new Dense(width, width, init), new ReLU(), new BatchNorm(width),
                new Dense(width, width, init), new BatchNorm(width));
    }

    /** Full pre-activation (He et al. 2016): BN → ReLU → Dense → BN → ReLU → Dense, then add; nothing after. */
    public static ResidualBlock preActivation(int width, Init init) {
        return new ResidualBlock(preActivationBody(width, init));
    }

    public static PlainBlock preActivationPlain(int width, Init init) {
        return new PlainBlock(preActivationBody(width, init));
    }

    private static Sequential preActivationBody(int width, Init init) {
        return Sequential.of(new BatchNorm(width), new ReLU(), new Dense(width, width, init),
                new BatchNorm(width), new ReLU(), new Dense(width, width, init));
    }

    /**
     * The MLP block, pre-activation ordering (He et al. 2016): {@code layers} × ([BN] → activation → Dense).
     * The branch ends in a Dense, so x + F(x) adds a zero-mean term and the skip carries x unchanged;
     * the plain twin is the same chain without the skip.
     */
    public static Block mlp(BlockKind kind, int width, String activation, Init init, int layers, boolean batchNorm) {
        Shapes.require(layers >= 1, "layers per block", layers, ">= 1");
        Sequential body = new Sequential();
        for (int i = 0; i < layers; i++) {
            if (batchNorm) body.add(new BatchNorm(width));
            body.add(Activation.parse(activation));
            body.add(new Dense(width, width, init));
        }
        return kind == BlockKind.RESIDUAL ? new ResidualBlock(body) : new PlainBlock(body);
    }

    /** Zero-initialises the last layer of each branch (BN's γ if the body ends in BN, else the last Dense's W). */
    public static void zeroInitLastLayer(Model model) {
        for (Block b : model.blocks()) {
            Layer last = null;
            for (Layer l : b.body().children()) if (l instanceof Dense || l instanceof BatchNorm) last = l;
            if (last instanceof BatchNorm) ((BatchNorm) last).gamma().value().assign(0);
            else if (last instanceof Dense) ((Dense) last).weight().value().assign(0);
        }
    }
}
