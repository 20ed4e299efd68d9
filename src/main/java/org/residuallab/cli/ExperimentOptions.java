package org.residuallab.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.residuallab.data.Dataset;
import org.residuallab.data.Split;
import org.residuallab.experiment.ModelRecipe;
import org.residuallab.nn.Init;
import org.residuallab.nn.Model;
import org.residuallab.train.TrainConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options every experiment command shares: the model recipe, the data, the training budget and
 * the output folder. Defaults give the lesson's demonstration: an MLP with sigmoid, Xavier, depth 20, width 32 on
 * 3-class spirals, SGD with momentum. {@code --model resnet} trains CIFAR ResNets (depth 6n+2) and their plain twins on
 * images, {@code --model transformer} decoder-only transformers and their no-skip twins on token sequences
 * ({@link ModelChoice}).
 */
final class ExperimentOptions {
    @Option(names = "--model", defaultValue = "mlp", paramLabel = "FAMILY",
        description = "mlp, resnet (CIFAR ResNets of depth 6n+2 on images) or transformer (decoder-only, on token sequences). Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--depth", split = ",", paramLabel = "N",
        description = {"mlp: hidden blocks; resnet: 6n+2 layers (8, 14, 20, 32, ...); transformer: layers. Sweep: a comma-separated list.",
            "Default: mlp 20 (sweep 2,5,10,20), resnet 20 (sweep 8,14,20), transformer 2 (sweep 1,2,4)."})
    List<Integer> depth;

    @Option(names = "--width", paramLabel = "W",
        description = "mlp: units per hidden layer (default 32); resnet: the first stage's channels (default 16, as in the paper); "
            + "transformer: d_model (default 64).")
    Integer width;

    @Option(names = "--shortcut", paramLabel = "a|b",
        description = "resnet: where a stage widens, a = zero-padded identity (option A, default), b = 1×1 projection (option B).")
    String shortcut;

    @Option(names = "--heads", paramLabel = "H", description = "transformer: attention heads, a divisor of --width. Default: 4.")
    Integer heads;

    @Option(names = "--context", paramLabel = "T",
        description = "transformer: context length (default: the task's sequence length; text:FILE windows of 64 characters).")
    Integer context;

    @Option(names = "--variant", split = ",", paramLabel = "V",
        description = "transformer: post-ln, pre-ln, no-skip or rezero (compare, probe, lesion: a comma list). "
            + "Default: from --block (plain: no-skip, residual: pre-ln).")
    List<String> variant;

    @Option(names = "--activation", defaultValue = "sigmoid",
        description = "mlp: relu, leaky-relu, tanh, sigmoid, gelu or identity. Default: ${DEFAULT-VALUE}.")
    String activation;

    @Option(names = "--init", defaultValue = "xavier", converter = Converters.InitConverter.class,
        description = "mlp: xavier, xavier-normal, he, he-uniform, lecun, zeros or normal:<std>. Default: ${DEFAULT-VALUE}.")
    Init init;

    @Option(names = "--block", defaultValue = "both",
        description = "plain, residual or both (transformer: plain is the no-skip variant). Default: ${DEFAULT-VALUE}.")
    String block;

    @Option(names = "--layers-per-block", defaultValue = "1", description = "mlp: Dense layers in each block. Default: ${DEFAULT-VALUE}.")
    int layersPerBlock;

    @Option(names = "--batch-norm", description = "mlp: BatchNorm in the blocks (He et al.'s deep plain nets had it, and did not vanish).")
    boolean batchNorm;

    @Option(names = "--data", defaultValue = "spirals", description = DataOption.HELP + ". Default: ${DEFAULT-VALUE}.")
    String data;

    @Option(names = "--test-fraction", defaultValue = "0.2", description = "Share of the data held out for testing (0: none). Default: ${DEFAULT-VALUE}.")
    double testFraction;

    @Option(names = "--steps", description = "Optimizer steps (default 300 unless --epochs is given).")
    Long steps;

    @Option(names = "--epochs", description = "Passes over the training data, instead of --steps.")
    Integer epochs;

    @Option(names = "--batch", defaultValue = "64", description = "Examples per step (capped at the training set's size). Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--lr", description = "Learning rate. Default: 0.1 (transformer: 0.001).")
    Double lr;

    @Option(names = "--optimizer", description = "sgd, momentum or adam. Default: momentum (transformer: adam).")
    String optimizer;

    @Option(names = "--seed", defaultValue = "1", description = "Seeds the weights, the data and the batch order. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--probe-every", description = "Record probes every k steps (default: about 40 records per run).")
    Long probeEvery;

    @Option(names = "--out", defaultValue = "residual-lab-out", paramLabel = "DIR", description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path out;

    private ModelChoice choice;

    /** What --model and its options say, checked (once per command line). */
    ModelChoice choice(CommandLine cmd) {
        if (choice == null) choice = ModelChoice.of(this, cmd);
        return choice;
    }

    /** The single depth of probe, compare and lesion (default: 20 for mlp and resnet, 2 for transformer). */
    int singleDepth(CommandLine cmd) {
        return choice(cmd).depths(false).get(0);
    }

    /** The training budget and settings; --steps and --epochs exclude each other. */
    TrainConfig trainConfig(CommandLine cmd, long defaultSteps) {
        if (steps != null && epochs != null) throw new CommandLine.ParameterException(cmd, "give --steps or --epochs, not both");
        boolean transformer = choice(cmd).family == ModelRecipe.Family.TRANSFORMER;
        TrainConfig.Builder b = TrainConfig.builder().batchSize(batch).seed(seed)
            .optimizer(optimizer != null ? optimizer : transformer ? "adam" : "momentum")
            .learningRate(lr != null ? lr : transformer ? 1e-3 : 0.1);
        if (epochs != null) b.epochs(epochs);
        else b.steps(steps != null ? steps : defaultSteps);
        return b.build();
    }

    Split split() {
        return DataOption.load(data, testFraction, seed, context);
    }

    /** One freshly initialised model per --block kind (transformers: per --variant), sized for the data; checks the data suit --model. */
    List<Model> models(CommandLine cmd, int depth, Dataset train) {
        ModelChoice c = choice(cmd);
        c.checkData(train);
        return c.models(depth, train);
    }

    /** Probe interval: --probe-every, or about 40 records over {@code totalSteps}. */
    long probeEvery(long totalSteps) {
        if (probeEvery != null) {
            if (probeEvery < 1) throw new IllegalArgumentException("--probe-every must be >= 1 but was " + probeEvery);
            return probeEvery;
        }
        return Math.max(1, totalSteps / 40);
    }

    /** The options as given, for summary.json and index.html. */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", choice.family.label());
        m.put("depth", depth == null ? null : depth.size() == 1 ? depth.get(0) : depth);
        m.putAll(choice.describe());
        if (choice.family == ModelRecipe.Family.MLP) {
            m.put("activation", activation);
            m.put("init", init.name());
        }
        m.put("block", block);
        if (choice.family == ModelRecipe.Family.MLP) {
            m.put("layers_per_block", layersPerBlock);
            m.put("batch_norm", batchNorm);
        }
        m.put("data", data);
        m.put("test_fraction", testFraction);
        m.put("seed", seed);
        return m;
    }
}
