package org.residuallab.cli;

import java.util.List;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code residual-lab summary}: prints a model's Keras-style summary (layers, output shapes, parameter counts). */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print a model's Keras-style summary: layers, output shapes, total / trainable / non-trainable parameters.")
public final class SummaryCommand implements Runnable {
    private static final List<String> MLP_ONLY = List.of("--depth", "--width", "--block", "--activation", "--init",
            "--inputs", "--outputs", "--layers-per-block", "--batch-norm");

    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = "seed", description = "seed (the lesson's model) or mlp. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--depth", defaultValue = "10", description = "mlp: hidden blocks (>= 1). Default: ${DEFAULT-VALUE}.")
    int depth;

    @Option(names = "--width", defaultValue = "64", description = "mlp: units per hidden layer (>= 1). Default: ${DEFAULT-VALUE}.")
    int width;

    @Option(names = "--block", defaultValue = "residual", converter = Converters.BlockKindConverter.class,
            description = "mlp: plain or residual. Default: ${DEFAULT-VALUE}.")
    BlockKind block;

    @Option(names = "--activation", defaultValue = "relu",
            description = "mlp: relu, leaky-relu, tanh, sigmoid, gelu or identity. Default: ${DEFAULT-VALUE}.")
    String activation;

    @Option(names = "--init", defaultValue = "he", converter = Converters.InitConverter.class,
            description = "mlp: xavier, xavier-normal, he, he-uniform, lecun, zeros or normal:<std>. Default: ${DEFAULT-VALUE}.")
    Init init;

    @Option(names = "--inputs", defaultValue = "64", description = "mlp: input features. Default: ${DEFAULT-VALUE}.")
    int inputs;

    @Option(names = "--outputs", defaultValue = "10", description = "mlp: output classes. Default: ${DEFAULT-VALUE}.")
    int outputs;

    @Option(names = "--layers-per-block", defaultValue = "1", description = "mlp: Dense layers in each block. Default: ${DEFAULT-VALUE}.")
    int layersPerBlock;

    @Option(names = "--batch-norm", description = "mlp: BatchNorm after each Dense in the blocks.")
    boolean batchNorm;

    @Option(names = "--dtype", defaultValue = "float", description = "float or double. Default: ${DEFAULT-VALUE}.")
    String dtype;

    @Override
    public void run() {
        Model m;
        switch (model.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "seed":
                for (String o : MLP_ONLY) {
                    if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                        throw new CommandLine.ParameterException(spec.commandLine(), o + " applies to --model mlp only");
                    }
                }
                m = Models.seed();
                break;
            case "mlp":
                m = Models.mlp(depth, width, activation, init, block).inputs(inputs).outputs(outputs)
                        .layersPerBlock(layersPerBlock).batchNorm(batchNorm).build();
                break;
            default:
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown --model '" + model + "': expected seed or mlp");
        }
        m.dtype(Converters.dtype(dtype));
        spec.commandLine().getOut().print(m.summary());
    }

}
