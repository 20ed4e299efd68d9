package org.residuallab.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.residuallab.data.Dataset;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Mlp;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.nn.ResNet;
import org.residuallab.nn.Shapes;
import org.residuallab.nn.Shortcut;
import org.residuallab.nn.TransformerBlock.Variant;

/**
 * One model family at any depth, as a plain net or its residual twin, sized for the training data: an MLP
 * from the data's width and outputs, a CIFAR ResNet (depth 6n + 2) from its image shape and classes, a
 * transformer (depth = layers) from its sequence length and vocabulary; its plain twin is the no-skip variant.
 * Immutable: each build is a fresh model from the recipe's seed.
 * <pre>ModelRecipe r = ModelRecipe.resnet(16, Shortcut.ZERO_PAD).seed(1);
 * Model plain20 = r.build(20, BlockKind.PLAIN, Images.digits());
 * Compare.plainVsResidual(ModelRecipe.transformer(64, 4, 0, Variant.PRE_LN), 4).data(SequenceTasks.reverse(2000, 4, 1));</pre>
 */
public final class ModelRecipe implements ModelFactory {
    /** The model families. */
    public enum Family { MLP, RESNET, TRANSFORMER;
        public String label() { return name().toLowerCase(Locale.ROOT); }
    }

    private final Family family;
    private final Mlp mlp;              // MLP: the preset whose depth, kind and sizes each build sets
    private final int width, heads, context;
    private final Shortcut shortcut;
    private final Variant variant;
    private final Long seed;            // null: the Mlp's own seed

    private ModelRecipe(Family family, Mlp mlp, int width, Shortcut shortcut, int heads, int context, Variant variant, Long seed) {
        this.family = family;
        this.mlp = mlp;
        this.width = width;
        this.shortcut = shortcut;
        this.heads = heads;
        this.context = context;
        this.variant = variant;
        this.seed = seed;
    }

    /** MLPs of this preset (its width, activation, init, ...); depth, kind, inputs and outputs are set per build. */
    public static ModelRecipe mlp(Mlp preset) {
        if (preset == null) throw new IllegalArgumentException("the MLP preset must not be null, e.g. Models.mlp(20, 32, \"sigmoid\", Init.glorotUniform(), BlockKind.RESIDUAL)");
        return new ModelRecipe(Family.MLP, preset, 0, null, 0, 0, null, null);
    }

    /** CIFAR ResNets of base width {@code width} (16 in the paper) with option A or B shortcuts, and their plain twins. */
    public static ModelRecipe resnet(int width, Shortcut shortcut) {
        Shapes.require(width >= 1, "width", width, ">= 1");
        if (shortcut == null) throw new IllegalArgumentException("shortcut must not be null (Shortcut.ZERO_PAD or PROJECTION)");
        return new ModelRecipe(Family.RESNET, null, width, shortcut, 0, 0, null, 0L);
    }

    /**
     * Transformers of width {@code dModel} with {@code heads} heads; {@code context} 0 takes the data's sequence length.
     * The residual twin is {@code variant} (pre-LN, post-LN or ReZero), the plain twin the no-skip variant.
     */
    public static ModelRecipe transformer(int dModel, int heads, int context, Variant variant) {
        Shapes.require(dModel >= 1, "d_model", dModel, ">= 1");
        Shapes.require(heads >= 1 && dModel % heads == 0, "heads", heads, "a divisor of d_model " + dModel);
        Shapes.require(context >= 0, "context", context, ">= 0 (0: the data's sequence length)");
        if (variant == null || variant == Variant.NO_SKIP) {
            throw new IllegalArgumentException("the residual variant must be pre-ln, post-ln or rezero, not " + variant
                    + " (no-skip is the plain twin: build with BlockKind.PLAIN)");
        }
        return new ModelRecipe(Family.TRANSFORMER, null, dModel, null, heads, context, variant, 0L);
    }

    /** The same recipe with every build seeded by {@code s}. */
    public ModelRecipe seed(long s) {
        return new ModelRecipe(family, mlp, width, shortcut, heads, context, variant, s);
    }

    /** The same transformer recipe with another residual variant. */
    public ModelRecipe variant(Variant v) {
        if (family != Family.TRANSFORMER) throw new IllegalArgumentException("only a transformer recipe has variants; this is a " + family.label() + " recipe");
        return transformer(width, heads, context, v).seed(seed);
    }

    public Family family() { return family; }

    /** The plain net and its residual twin of this depth, in that order. */
    public List<Model> twins(int depth, Dataset train) {
        return List.of(build(depth, BlockKind.PLAIN, train), build(depth, BlockKind.RESIDUAL, train));
    }

    @Override
    public Model build(int depth, BlockKind kind, int inputs, int outputs) {
        if (family != Family.MLP) {
            throw new IllegalArgumentException("a " + family.label() + " recipe builds from the training data (its "
                    + (family == Family.RESNET ? "image shape" : "sequence length and vocabulary") + "): call build(depth, kind, train)");
        }
        if (seed != null) mlp.seed(seed);
        return mlp.depth(depth).block(kind).name(null).inputs(inputs).outputs(outputs).build();
    }

    @Override
    public Model build(int depth, BlockKind kind, Dataset train) {
        if (kind == null) throw new IllegalArgumentException("block kind must not be null");
        check(depth, train);
        switch (family) {
            case MLP:
                return Compare.lossFor(build(depth, kind, train.width(), train.outputs()), train);
            case RESNET: {
                long[] image = train.exampleShape();
                return ResNet.cifar(depth, kind).width(width).shortcut(shortcut).inputs(image[0], image[1], image[2])
                        .classes(train.classes()).seed(seed).build();
            }
            default: {
                Variant v = kind == BlockKind.PLAIN ? Variant.NO_SKIP : variant;
                int ctx = context > 0 ? context : positions(train);
                Model built = Models.transformer(depth, width, heads, vocab(train), ctx, v);
                Model m = Model.of("transformer-" + v.label() + "-d" + depth, built.net()).inputShape(ctx).seed(seed);
                m.config().putAll(built.config());
                m.config().put("block", kind.label());
                m.config().put("depth", depth);
                m.config().put("width", width);
                m.config().put("seed", seed);
                return m;
            }
        }
    }

    /** Checks that this recipe can build a model of {@code depth} for {@code train}; names what does not fit. */
    public void check(int depth, Dataset train) {
        if (train == null) throw new IllegalArgumentException("training data must not be null");
        checkDepth(depth);
        long[] example = train.exampleShape();
        switch (family) {
            case MLP:
                if (example.length != 1 || train.positions() > 1) throw wrongData("an MLP takes flat features (N, d)", train);
                break;
            case RESNET:
                if (example.length != 3 || !train.isClassification() || train.positions() != 1) {
                    throw wrongData("a ResNet takes images (N, C, H, W) with one class label each", train);
                }
                break;
            default:
                if (example.length != 1 || !train.isClassification() || train.positions() < 2) {
                    throw wrongData("a transformer takes token sequences (N, T) with a label at each position", train);
                }
                if (context > 0 && context < positions(train)) {
                    throw new IllegalArgumentException("context " + context + " is shorter than the sequences of '" + train.name()
                            + "' (T = " + positions(train) + ")");
                }
        }
    }

    /** Checks the depth alone: at least 1; 6n + 2 for a ResNet. */
    public void checkDepth(int depth) {
        if (family == Family.RESNET) {
            if (depth < 8 || (depth - 2) % 6 != 0) {
                throw new IllegalArgumentException("a ResNet's depth must be 6n+2 (8, 14, 20, 32, 44, 56, 110, ...) but was " + depth);
            }
        } else {
            Shapes.require(depth >= 1, "depth", depth, ">= 1");
        }
    }

    /** How the recipe was set, for results and summaries. */
    public Map<String, Object> describe() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("model", family.label());
        if (family == Family.RESNET) {
            c.put("width", width);
            c.put("shortcut", shortcut == Shortcut.ZERO_PAD ? "a" : "b");
        } else if (family == Family.TRANSFORMER) {
            c.put("width", width);
            c.put("heads", heads);
            c.put("context", context == 0 ? "data" : context);
            c.put("variant", variant.label());
        }
        if (seed != null) c.put("seed", seed);
        return c;
    }

    /** The vocabulary a transformer needs for this data: its classes, or more if a token id is larger. */
    static int vocab(Dataset train) {
        return Math.max(train.classes(), (int) train.features().maxNumber().doubleValue() + 1);
    }

    private static int positions(Dataset train) {
        return Math.toIntExact(train.exampleShape()[0]);
    }

    private static IllegalArgumentException wrongData(String what, Dataset d) {
        String labels = !d.isClassification() ? "regression targets" : d.positions() > 1 ? "a label at each of " + d.positions() + " positions"
                : "one class label each";
        return new IllegalArgumentException(what + ", but '" + d.name() + "' has examples of shape " + Shapes.str(d.exampleShape()) + " with " + labels);
    }
}
