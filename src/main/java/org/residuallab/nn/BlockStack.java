package org.residuallab.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The one builder of deep nets: Dense(inputs → width) stem, {@code depth} blocks from a factory, then the
 * head ([BN] → activation if {@link #headActivation} is set, as pre-activation blocks need, then Dense(width → outputs)).
 * Optionally sets every block's branch scale α, shortcut scale λ or a learnable α. {@link Mlp} is its preset
 * for the plain and residual MLPs every experiment compares.
 * <pre>Model m = BlockStack.of(20, i -&gt; Blocks.preActivation(32, Init.he()))
 *         .inputs(2).outputs(3).headActivation("relu", true).seed(1).name("pre-act d20").build();</pre>
 */
public final class BlockStack {
    private final int depth;
    private final IntFunction<? extends Block> factory;
    private int inputs = -1, outputs = 10;
    private String headActivation;
    private boolean headBatchNorm;
    private Double branchScale, learnableBranchScale, shortcutScale;
    private Init stemInit = Init.he();
    private long seed;
    private DataType dtype = DataType.FLOAT;
    private String name;
    private final Map<String, Object> config = new LinkedHashMap<>();

    private BlockStack(int depth, IntFunction<? extends Block> factory) {
        Shapes.require(depth >= 1, "depth", depth, ">= 1");
        if (factory == null) throw new IllegalArgumentException("block factory must not be null");
        this.depth = depth;
        this.factory = factory;
    }

    /** {@code depth} blocks, block {@code i} (0-based) made by {@code factory.apply(i)}; each call must return a new block. */
    public static BlockStack of(int depth, IntFunction<? extends Block> factory) {
        return new BlockStack(depth, factory);
    }

    public BlockStack inputs(int n) { Shapes.require(n >= 1, "inputs", n, ">= 1"); inputs = n; return this; }

    public BlockStack outputs(int n) { Shapes.require(n >= 1, "outputs", n, ">= 1"); outputs = n; return this; }

    /**
     * Puts [BatchNorm →] {@code activation} before the output Dense (He et al. 2016 end pre-activation nets with
     * BN → ReLU, since their blocks end in a bare addition); null for none (the default).
     */
    public BlockStack headActivation(String activation, boolean batchNorm) {
        if (activation != null) Activation.parse(activation);
        headActivation = activation;
        headBatchNorm = batchNorm;
        return this;
    }

    /** Every block's branch scale α, fixed: out = α·F(x) + λ·x (e.g. 1/√depth). */
    public BlockStack branchScale(double alpha) { branchScale = alpha; learnableBranchScale = null; return this; }

    /** Every block's α learnable, starting at {@code initial} (0: ReZero / SkipInit). */
    public BlockStack learnableBranchScale(double initial) { learnableBranchScale = initial; branchScale = null; return this; }

    /** Every residual block's shortcut scale λ (He et al. 2016, Table 1: λ = 0.5). */
    public BlockStack shortcutScale(double lambda) { shortcutScale = lambda; return this; }

    /** The stem's initialisation (default He). */
    public BlockStack stemInit(Init init) {
        if (init == null) throw new IllegalArgumentException("stem init must not be null");
        stemInit = init;
        return this;
    }

    public BlockStack seed(long s) { seed = s; return this; }

    public BlockStack dtype(DataType t) { dtype = t; return this; }

    public BlockStack name(String n) { name = n; return this; }

    /** Records {@code key = value} in the built model's {@link Model#config()} (after block, depth and width). */
    public BlockStack config(String key, Object value) { config.put(key, value); return this; }

    /** Builds the model; one that would not fit in memory is refused first ({@link MemoryGuard}: the factory runs once more, for shapes only). */
    public Model build() {
        // first one block, for shapes only, times the depth: a very deep stack is refused before it is assembled at all
        Block first = Param.shapesOnly(() -> factory.apply(0));
        if (first != null && !Param.buildingShapesOnly()) {
            String hint = "Make depth (" + depth + ") or width (" + first.inputWidth() + ") smaller";
            MemoryGuard.require(MemoryGuard.Where.NATIVE, "model '" + (name != null ? name : "stack-d" + depth) + "'",
                    (double) depth * 4 * MemoryEstimate.values(first.params()), depth + " blocks of parameters", hint);
        }
        return MemoryGuard.checkedBuild(this::assemble, m -> "Make depth (" + depth + ") or width (" + m.config().get("width") + ") smaller");
    }

    private Model assemble() {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            Block b = factory.apply(i);
            if (b == null) throw new IllegalArgumentException("the block factory returned null for block " + (i + 1));
            if (blocks.contains(b)) throw new IllegalArgumentException("the block factory returned the same block twice (block " + (i + 1) + "): make a new one each call");
            blocks.add(configure(b, i));
        }
        int width = blocks.get(0).inputWidth();
        Sequential net = new Sequential();
        net.add(new Dense(inputs < 0 ? width : inputs, width, stemInit));
        for (Block b : blocks) net.add(b);   // Sequential.add names the mismatched block if widths do not chain
        Sequential head = Sequential.named("head");
        int last = width;
        for (Block b : blocks) last = b.outputWidth(last);
        if (headActivation != null) {
            if (headBatchNorm) head.add(new BatchNorm(last));
            head.add(Activation.parse(headActivation));
        }
        head.add(new Dense(last, outputs, Init.glorotUniform()));
        net.add(head);
        Model m = Model.of(name != null ? name : "stack-d" + depth, net).dtype(dtype).seed(seed);
        m.config().put("block", blocks.get(0) instanceof ResidualBlock ? "residual" : "plain");
        m.config().put("depth", depth);
        m.config().put("width", width);
        m.config().putAll(config);
        if (branchScale != null) m.config().put("branch_scale", branchScale);
        if (learnableBranchScale != null) m.config().put("learnable_branch_scale", learnableBranchScale);
        if (shortcutScale != null) m.config().put("shortcut_scale", shortcutScale);
        m.config().put("seed", seed);
        return m;
    }

    private Block configure(Block b, int i) {
        if (b instanceof ResidualBlock) {
            ResidualBlock r = (ResidualBlock) b;
            if (branchScale != null) r.branchScale(branchScale);
            if (learnableBranchScale != null) r.learnableBranchScale(learnableBranchScale);
            if (shortcutScale != null) r.shortcutScale(shortcutScale);
        } else if (b instanceof PlainBlock) {
            PlainBlock p = (PlainBlock) b;
            if (branchScale != null) p.branchScale(branchScale);
            if (learnableBranchScale != null) p.learnableBranchScale(learnableBranchScale);
            if (shortcutScale != null) throw new IllegalArgumentException("block " + (i + 1) + " is plain: it has no shortcut to scale");
        }
        return b;
    }
}
