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
}
