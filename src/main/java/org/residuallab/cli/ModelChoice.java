package org.residuallab.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.residuallab.data.Dataset;
import org.residuallab.experiment.ModelRecipe;
import org.residuallab.experiment.ModelRecipe.Family;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.nn.Shapes;
import org.residuallab.nn.Shortcut;
import org.residuallab.nn.TransformerBlock.Variant;
import picocli.CommandLine;

/**
 * What --model and its options say, checked with the command line's wording: the family (mlp, resnet,
 * transformer), its depths, the recipe, and the models to train (one per --block kind, or per --variant for
 * transformers, whose plain twin is the no-skip variant). Options of another family, a ResNet depth that is
 * not 6n+2, heads that do not divide the width, data of the wrong kind: a ParameterException (exit 2).
 */
final class ModelChoice {
    static final String MODELS = "mlp, resnet or transformer";
    private static final List<String> MLP_ONLY = List.of("--activation", "--init", "--layers-per-block", "--batch-norm");
    private static final List<String> RESNET_ONLY = List.of("--shortcut");
    private static final List<String> TRANSFORMER_ONLY = List.of("--heads", "--context", "--variant");

    final Family family;
    private final ExperimentOptions o;
    private final CommandLine cmd;
    private final int width;
    private final boolean sweep;   // sweep: --variant names the residual nets' variant, --block the kinds

    private ModelChoice(Family family, ExperimentOptions o, CommandLine cmd) {
        this.family = family;
        this.o = o;
        this.cmd = cmd;
        this.sweep = "sweep".equals(cmd.getCommandName());
        this.width = o.width != null ? o.width : family == Family.MLP ? 32 : family == Family.RESNET ? 16 : 64;
    }

    /** Parses --model and checks the options that need no data. */
    static ModelChoice of(ExperimentOptions o, CommandLine cmd) {
        Family f = family(o.model, cmd);
        ModelChoice c = new ModelChoice(f, o, cmd);
        c.onlyFor(Family.MLP, MLP_ONLY);
        c.onlyFor(Family.RESNET, RESNET_ONLY);
        c.onlyFor(Family.TRANSFORMER, TRANSFORMER_ONLY);
        if (c.width < 1) throw c.error("--width must be >= 1 but was " + c.width);
        if (f == Family.TRANSFORMER) {
            int heads = c.heads();
            if (heads < 1) throw c.error("--heads must be >= 1 but was " + heads);
            if (c.width % heads != 0) {
                throw c.error("--heads " + heads + " must divide --width " + c.width + " (d_model is split evenly across the heads; "
                        + "divisors: " + divisors(c.width) + ")");
            }
            if (o.context != null && o.context < 1) throw c.error("--context must be >= 1 but was " + o.context);
            if (c.sweep) c.sweepKinds();
            else c.variants();   // checks the names and their agreement with --block
        }
        if (f == Family.RESNET) c.shortcut();
        return c;
    }

    static Family family(String name, CommandLine cmd) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "mlp": return Family.MLP;
            case "resnet": return Family.RESNET;
            case "transformer": return Family.TRANSFORMER;
            default: throw new CommandLine.ParameterException(cmd, "unknown --model '" + name + "': expected " + MODELS);
        }
    }

    /** The depths to build: --depth, checked for this family, else its default (sweep: a list). */
    List<Integer> depths(boolean sweep) {
        List<Integer> d = o.depth;
        if (d == null) {
            d = switch (family) {
                case MLP -> sweep ? List.of(2, 5, 10, 20) : List.of(20);
                case RESNET -> sweep ? List.of(8, 14, 20) : List.of(20);
                case TRANSFORMER -> sweep ? List.of(1, 2, 4) : List.of(2);
            };
        }
        if (!sweep && d.size() != 1) throw error("--depth takes one value here (a list is for sweep), got " + d);
        for (int x : d) {
            if (family == Family.RESNET && (x < 8 || (x - 2) % 6 != 0)) {
                throw error("--depth " + x + " for --model resnet: must be 6n+2 (8, 14, 20, 32, 44, 56, 110, ...), the CIFAR ResNets of He et al.");
            }
            if (x < 1) throw error(sweep ? "--depth values must be >= 1, got " + x : "--depth must be >= 1 but was " + x);
        }
        return d;
    }

    /** Checks that the data suit this family (and, for transformers, --context), in the command line's words. */
    void checkData(Dataset train) {
        long[] example = train.exampleShape();
        String has = "--data " + o.data + " has examples of shape " + Shapes.str(example);
        switch (family) {
            case MLP:
                if (example.length != 1 || train.positions() > 1) {
                    throw error("mlp needs flat features (spirals, circles, xor, checkerboard, teacher, digits or a CSV file), but " + has
                            + (example.length == 3 ? ": use --model resnet for images" : train.positions() > 1 ? ": use --model transformer for sequences" : ""));
                }
                break;
            case RESNET:
                if (example.length != 3) throw error("resnet needs image data (digits-images or fashion-mnist[:N]), but " + has);
                break;
            default:
                if (example.length != 1 || train.positions() < 2) {
                    throw error("transformer needs token sequences (task:copy, task:reverse, task:sort, task:add or text:FILE), but " + has);
                }
                if (o.context != null && o.context < example[0]) {
                    throw error("--context " + o.context + " is shorter than the sequences of --data " + o.data + " (T = " + example[0] + ")");
                }
        }
    }

    /** The recipe every model of this command is built from. */
    ModelRecipe recipe() {
        ModelRecipe r = switch (family) {
            case MLP -> ModelRecipe.mlp(Models.mlp(1, width, o.activation, o.init, BlockKind.RESIDUAL)
                    .layersPerBlock(o.layersPerBlock).batchNorm(o.batchNorm));
            case RESNET -> ModelRecipe.resnet(width, shortcut());
            case TRANSFORMER -> ModelRecipe.transformer(width, heads(), o.context == null ? 0 : o.context, residualVariant());
        };
        return r.seed(o.seed);
    }

    /** One freshly initialised model per --block kind (transformers: per --variant), plain first. */
    List<Model> models(int depth, Dataset train) {
        ModelRecipe r = recipe();
        List<Model> out = new ArrayList<>();
        if (family == Family.TRANSFORMER) {
            for (Variant v : variants()) out.add(v == Variant.NO_SKIP ? r.build(depth, BlockKind.PLAIN, train) : r.variant(v).build(depth, BlockKind.RESIDUAL, train));
        } else {
            for (BlockKind k : kinds()) out.add(r.build(depth, k, train));
        }
        return out;
    }

    /**
     * The block kinds of a sweep (--block, default both). A transformer sweep takes at most one --variant: its residual
     * nets' (their plain twins are no-skip), or no-skip alone.
     */
    List<BlockKind> sweepKinds() {
        if (family != Family.TRANSFORMER || o.variant == null) return kinds();
        if (o.variant.size() != 1) {
            throw error("sweep takes one --variant (its residual nets'; --block plain gives the no-skip twin), got " + String.join(",", o.variant)
                    + "; compare takes a list");
        }
        if (parsedVariants().get(0) != Variant.NO_SKIP) return kinds();
        if (cmd.getParseResult().hasMatchedOption("--block") && !kinds().equals(List.of(BlockKind.PLAIN))) {
            throw error("--block " + o.block.trim() + " disagrees with --variant no-skip: for transformers --block plain is the no-skip variant");
        }
        return List.of(BlockKind.PLAIN);
    }

    /** The block kinds --block names, plain first. */
    List<BlockKind> kinds() {
        switch (o.block.trim().toLowerCase(Locale.ROOT)) {
            case "both": return List.of(BlockKind.PLAIN, BlockKind.RESIDUAL);
            case "plain": return List.of(BlockKind.PLAIN);
            case "residual": return List.of(BlockKind.RESIDUAL);
            default: throw error("unknown --block '" + o.block + "': expected plain, residual or both");
        }
    }

    /** The transformer variants to build: --variant as listed, else from --block (plain: no-skip; residual: pre-ln). */
    List<Variant> variants() {
        List<BlockKind> kinds = kinds();
        if (o.variant == null) {
            List<Variant> v = new ArrayList<>();
            for (BlockKind k : kinds) v.add(k == BlockKind.PLAIN ? Variant.NO_SKIP : Variant.PRE_LN);
            return v;
        }
        List<Variant> v = parsedVariants();
        if (cmd.getParseResult().hasMatchedOption("--block")) {
            boolean plain = v.contains(Variant.NO_SKIP), residual = v.size() > (plain ? 1 : 0);
            if (plain != kinds.contains(BlockKind.PLAIN) || residual != kinds.contains(BlockKind.RESIDUAL)) {
                throw error("--block " + o.block.trim() + " disagrees with --variant " + String.join(",", o.variant)
                        + ": for transformers --block plain is the no-skip variant; give one of the two options");
            }
        }
        return List.copyOf(v);
    }

    // --variant's names, parsed, without repeats
    private List<Variant> parsedVariants() {
        LinkedHashSet<Variant> v = new LinkedHashSet<>();
        for (String s : o.variant) {
            try {
                v.add(Variant.parse(s));
            } catch (IllegalArgumentException e) {
                throw error("unknown --variant '" + s.trim() + "': expected post-ln, pre-ln, no-skip or rezero (a comma list for compare)");
            }
        }
        return List.copyOf(v);
    }

    private Variant residualVariant() {
        if (o.variant == null) return Variant.PRE_LN;
        for (Variant v : parsedVariants()) if (v != Variant.NO_SKIP) return v;
        return Variant.PRE_LN;
    }

    int heads() {
        return o.heads != null ? o.heads : 4;
    }

    Shortcut shortcut() {
        if (o.shortcut == null) return Shortcut.ZERO_PAD;
        switch (o.shortcut.trim().toLowerCase(Locale.ROOT)) {
            case "a": return Shortcut.ZERO_PAD;
            case "b": return Shortcut.PROJECTION;
            default: throw error("unknown --shortcut '" + o.shortcut + "': expected a (zero padding, the paper's CIFAR choice) or b (1×1 projection)");
        }
    }

    int width() {
        return width;
    }

    /** The family's options as given (or defaulted), for summary.json and index.html. */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("width", width);
        if (family == Family.RESNET) m.put("shortcut", shortcut() == Shortcut.ZERO_PAD ? "a" : "b");
        if (family == Family.TRANSFORMER) {
            m.put("heads", heads());
            m.put("context", o.context == null ? "data" : o.context);
            List<String> v = new ArrayList<>();
            if (sweep) {
                for (BlockKind k : sweepKinds()) v.add(k == BlockKind.PLAIN ? Variant.NO_SKIP.label() : residualVariant().label());
            } else {
                for (Variant x : variants()) v.add(x.label());
            }
            m.put("variant", v);
        }
        return m;
    }

    private void onlyFor(Family owner, List<String> options) {
        if (family == owner) return;
        for (String opt : options) {
            if (cmd.getParseResult().hasMatchedOption(opt)) {
                throw error(opt + " applies to --model " + owner.label() + " only" + (family == Family.MLP ? "" : " (this is --model " + family.label() + ")"));
            }
        }
    }

    private CommandLine.ParameterException error(String message) {
        return new CommandLine.ParameterException(cmd, message);
    }

    private static String divisors(int n) {
        List<String> d = new ArrayList<>();
        for (int i = 1; i <= n && d.size() < 8; i++) if (n % i == 0) d.add(Integer.toString(i));
        return String.join(", ", d) + (d.size() == 8 ? ", ..." : "");
    }
}
