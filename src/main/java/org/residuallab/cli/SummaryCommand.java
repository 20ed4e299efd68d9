package org.residuallab.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.residuallab.experiment.ModelRecipe.Family;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.nn.Param;
import org.residuallab.nn.ResNet;
import org.residuallab.nn.Shortcut;
import org.residuallab.nn.TransformerBlock.Variant;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code residual-lab summary}: prints a model's Keras-style summary (layers, output shapes, parameter counts):
 * the lesson's model, an MLP, a CIFAR ResNet or a transformer of your sizes, or a preset (ResNet-18 to -152 for
 * ImageNet, GPT-2 small). Every model but the lesson's is built with {@link Param#shapesOnly}: parameters with
 * shapes and no values, so that even GPT-2's 124 M parameters cost no memory.
 */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print a model's Keras-style summary: layers, output shapes, total / trainable / non-trainable parameters.")
public final class SummaryCommand implements Runnable {
    /** The presets, built exactly as the library's factories build them. */
    static final Map<String, Supplier<Model>> PRESETS = Map.of(
            "resnet18", Models::resnet18, "resnet34", Models::resnet34, "resnet50", Models::resnet50,
            "resnet101", Models::resnet101, "resnet152", Models::resnet152, "gpt2-small", Models::gpt2Small);
    private static final String CHOICES = "seed, mlp, resnet, transformer, resnet18, resnet34, resnet50, resnet101, resnet152 or gpt2-small";
    private static final List<String> SIZES = List.of("--depth", "--width", "--block", "--outputs");
    private static final List<String> MLP_ONLY = List.of("--activation", "--init", "--inputs", "--layers-per-block", "--batch-norm");
    private static final List<String> RESNET_ONLY = List.of("--shortcut");
    private static final List<String> TRANSFORMER_ONLY = List.of("--heads", "--context", "--variant", "--vocab");

    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = "seed", description = CHOICES + " (seed: the lesson's model). Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--depth", description = "mlp: hidden blocks (default 10); resnet: 6n+2 (default 20); transformer: layers (default 4).")
    Integer depth;

    @Option(names = "--width", description = "mlp: units per hidden layer (default 64); resnet: base width (default 16); transformer: d_model (default 128).")
    Integer width;

    @Option(names = "--block", defaultValue = "residual", converter = Converters.BlockKindConverter.class,
            description = "plain or residual (transformer: plain is the no-skip variant). Default: ${DEFAULT-VALUE}.")
    BlockKind block;

    @Option(names = "--activation", defaultValue = "relu",
            description = "mlp: relu, leaky-relu, tanh, sigmoid, gelu or identity. Default: ${DEFAULT-VALUE}.")
    String activation;

    @Option(names = "--init", defaultValue = "he", converter = Converters.InitConverter.class,
            description = "mlp: xavier, xavier-normal, he, he-uniform, lecun, zeros or normal:<std>. Default: ${DEFAULT-VALUE}.")
    Init init;

    @Option(names = "--inputs", defaultValue = "64", description = "mlp: input features. Default: ${DEFAULT-VALUE}.")
    int inputs;

    @Option(names = "--outputs", defaultValue = "10", description = "mlp, resnet: output classes. Default: ${DEFAULT-VALUE}.")
    int outputs;

    @Option(names = "--layers-per-block", defaultValue = "1", description = "mlp: Dense layers in each block. Default: ${DEFAULT-VALUE}.")
    int layersPerBlock;

    @Option(names = "--batch-norm", description = "mlp: BatchNorm after each Dense in the blocks.")
    boolean batchNorm;

    @Option(names = "--shortcut", defaultValue = "a", description = "resnet: a (zero-padded identity) or b (1×1 projection) where a stage widens; "
            + "inputs 3×32×32 (CIFAR). Default: ${DEFAULT-VALUE}.")
    String shortcut;

    @Option(names = "--heads", defaultValue = "4", description = "transformer: attention heads. Default: ${DEFAULT-VALUE}.")
    int heads;

    @Option(names = "--context", defaultValue = "64", description = "transformer: context length T. Default: ${DEFAULT-VALUE}.")
    int context;

    @Option(names = "--variant", defaultValue = "pre-ln", description = "transformer: pre-ln, post-ln, no-skip or rezero. Default: ${DEFAULT-VALUE}.")
    String variant;

    @Option(names = "--vocab", defaultValue = "65", description = "transformer: vocabulary size (65: Shakespeare's characters). Default: ${DEFAULT-VALUE}.")
    int vocab;

    @Option(names = "--dtype", defaultValue = "float", description = "float or double. Default: ${DEFAULT-VALUE}.")
    String dtype;

    @Override
    public void run() {
        String name = model.trim().toLowerCase(Locale.ROOT);
        Model m;
        if (name.equals("seed") || PRESETS.containsKey(name)) {
            none(name, SIZES, MLP_ONLY, RESNET_ONLY, TRANSFORMER_ONLY);
            m = name.equals("seed") ? Models.seed() : Param.shapesOnly(PRESETS.get(name));
        } else {
            Family family;
            try {
                family = ModelChoice.family(name, spec.commandLine());
            } catch (CommandLine.ParameterException e) {
                throw error("unknown --model '" + model + "': expected " + CHOICES);
            }
            if (family != Family.MLP) none(name, MLP_ONLY);
            if (family != Family.RESNET) none(name, RESNET_ONLY);
            if (family != Family.TRANSFORMER) none(name, TRANSFORMER_ONLY);
            m = Param.shapesOnly(() -> build(family));
        }
        m.dtype(Converters.dtype(dtype));
        spec.commandLine().getOut().print(m.summary());
    }

    private Model build(Family family) {
        switch (family) {
            case MLP:
                return Models.mlp(depth != null ? depth : 10, width != null ? width : 64, activation, init, block).inputs(inputs).outputs(outputs)
                        .layersPerBlock(layersPerBlock).batchNorm(batchNorm).build();
            case RESNET: {
                int d = depth != null ? depth : 20;
                if (d < 8 || (d - 2) % 6 != 0) throw error("--depth " + d + " for --model resnet: must be 6n+2 (8, 14, 20, 32, 44, 56, 110, ...)");
                Shortcut s = switch (shortcut.trim().toLowerCase(Locale.ROOT)) {
                    case "a" -> Shortcut.ZERO_PAD;
                    case "b" -> Shortcut.PROJECTION;
                    default -> throw error("unknown --shortcut '" + shortcut + "': expected a (zero padding) or b (1×1 projection)");
                };
                return ResNet.cifar(d, block).width(width != null ? width : 16).shortcut(s).classes(outputs).build();
            }
            default: {
                int w = width != null ? width : 128;
                if (heads < 1 || w % heads != 0) throw error("--heads " + heads + " must divide --width " + w + " (d_model is split evenly across the heads)");
                Variant v;
                try {
                    v = Variant.parse(variant);
                } catch (IllegalArgumentException e) {
                    throw error("unknown --variant '" + variant + "': expected pre-ln, post-ln, no-skip or rezero (summary takes one)");
                }
                if (block == BlockKind.PLAIN) {
                    if (spec.commandLine().getParseResult().hasMatchedOption("--variant") && v != Variant.NO_SKIP) {
                        throw error("--block plain is the no-skip variant, but --variant is " + v.label() + ": give one of the two");
                    }
                    v = Variant.NO_SKIP;
                }
                return Models.transformer(depth != null ? depth : 4, w, heads, vocab, context, v);
            }
        }
    }

    @SafeVarargs
    private void none(String model, List<String>... groups) {
        for (List<String> options : groups) {
            for (String o : options) {
                if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                    String owner = MLP_ONLY.contains(o) ? "mlp" : RESNET_ONLY.contains(o) ? "resnet" : TRANSFORMER_ONLY.contains(o) ? "transformer"
                            : "mlp, resnet or transformer";
                    throw error(o + " applies to --model " + owner + " only, not " + model);
                }
            }
        }
    }

    private CommandLine.ParameterException error(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
