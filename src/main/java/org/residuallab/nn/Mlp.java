package org.residuallab.nn;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The deep MLP preset of {@link BlockStack}: Dense(inputs → width) stem, {@code depth} hidden blocks (plain or
 * residual) of {@code layersPerBlock} × ([BN] → activation → Dense), then [BN] → activation → Dense(width → outputs)
 * head. Plain: h ← F(h); residual: h ← h + F(h). Same parameters either way.
 * <pre>Model m = Models.mlp(20, 64, "sigmoid", Init.glorotUniform(), BlockKind.PLAIN).inputs(2).outputs(3).seed(1).build();</pre>
 */
public final class Mlp {
    private int inputs = -1, outputs = 10, depth = 10, width = 64, layersPerBlock = 1;
    private String activation = "relu";
    private Init init = Init.he();
    private BlockKind kind = BlockKind.RESIDUAL;
    private boolean batchNorm;
    private double shortcutScale = 1.0;
    private Double learnableAlpha;
    private long seed;
    private DataType dtype = DataType.FLOAT;
    private String name;

    public Mlp inputs(int n) { Shapes.require(n >= 1, "inputs", n, ">= 1"); inputs = n; return this; }

    public Mlp outputs(int n) { Shapes.require(n >= 1, "outputs", n, ">= 1"); outputs = n; return this; }

    public Mlp depth(int n) { Shapes.require(n >= 1, "depth", n, ">= 1"); depth = n; return this; }

    public Mlp width(int n) { Shapes.require(n >= 1, "width", n, ">= 1"); width = n; return this; }

    public Mlp layersPerBlock(int n) { Shapes.require(n >= 1, "layersPerBlock", n, ">= 1"); layersPerBlock = n; return this; }

    public Mlp activation(String a) { Activation.parse(a); activation = a; return this; }

    public Mlp init(Init i) { if (i == null) throw new IllegalArgumentException("init must not be null"); init = i; return this; }

    public Mlp block(BlockKind k) { if (k == null) throw new IllegalArgumentException("block kind must not be null"); kind = k; return this; }

    public Mlp batchNorm(boolean on) { batchNorm = on; return this; }

    public Mlp shortcutScale(double lambda) { shortcutScale = lambda; return this; }

    public Mlp learnableBranchScale(double initial) { learnableAlpha = initial; return this; }

    public Mlp seed(long s) { seed = s; return this; }

    public Mlp dtype(DataType t) { dtype = t; return this; }

    public Mlp name(String n) { name = n; return this; }

    public Model build() {
        BlockStack stack = BlockStack.of(depth, i -> Blocks.mlp(kind, width, activation, init, layersPerBlock, batchNorm))
                .outputs(outputs).stemInit(init).headActivation(activation, batchNorm).seed(seed).dtype(dtype)
                .name(name != null ? name : kind.label() + "-" + activation + "-d" + depth)
                .config("activation", activation).config("init", init.name()).config("layers_per_block", layersPerBlock).config("batch_norm", batchNorm);
        if (inputs > 0) stack.inputs(inputs);
        if (kind == BlockKind.RESIDUAL && shortcutScale != 1.0) stack.shortcutScale(shortcutScale);
        if (learnableAlpha != null) stack.learnableBranchScale(learnableAlpha);
        return stack.build();
    }
}
