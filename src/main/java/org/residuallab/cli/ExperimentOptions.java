package org.residuallab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.residuallab.data.Dataset;
import org.residuallab.data.Split;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Loss;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.train.TrainConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options every experiment command shares: the model recipe, the data, the training budget and
 * the output folder. Defaults give the lesson's demonstration: sigmoid, Xavier, depth 20, width 32 on
 * 3-class spirals, SGD with momentum.
 */
final class ExperimentOptions {
    @Option(names = "--depth", split = ",", paramLabel = "N",
        description = "Hidden blocks (sweep: a comma-separated list). Default: 20 (sweep: 2,5,10,20).")
    List<Integer> depth;

    @Option(names = "--width", defaultValue = "32", description = "Units per hidden layer. Default: ${DEFAULT-VALUE}.")
    int width;

    @Option(names = "--activation", defaultValue = "sigmoid",
        description = "relu, leaky-relu, tanh, sigmoid, gelu or identity. Default: ${DEFAULT-VALUE}.")
    String activation;

    @Option(names = "--init", defaultValue = "xavier", converter = Converters.InitConverter.class,
        description = "xavier, xavier-normal, he, he-uniform, lecun, zeros or normal:<std>. Default: ${DEFAULT-VALUE}.")
    Init init;

    @Option(names = "--block", defaultValue = "both", description = "plain, residual or both. Default: ${DEFAULT-VALUE}.")
    String block;

    @Option(names = "--layers-per-block", defaultValue = "1", description = "Dense layers in each block. Default: ${DEFAULT-VALUE}.")
    int layersPerBlock;

    @Option(names = "--batch-norm", description = "BatchNorm in the blocks (He et al.'s deep plain nets had it, and did not vanish).")
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

    @Option(names = "--lr", defaultValue = "0.1", description = "Learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--optimizer", defaultValue = "momentum", description = "sgd, momentum or adam. Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--seed", defaultValue = "1", description = "Seeds the weights, the data and the batch order. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--probe-every", description = "Record probes every k steps (default: about 40 records per run).")
    Long probeEvery;

    @Option(names = "--out", defaultValue = "residual-lab-out", paramLabel = "DIR", description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path out;

    /** The block kinds --block names, plain first. */
    List<BlockKind> kinds(CommandLine cmd) {
        switch (block.trim().toLowerCase(Locale.ROOT)) {
            case "both": return List.of(BlockKind.PLAIN, BlockKind.RESIDUAL);
            case "plain": return List.of(BlockKind.PLAIN);
            case "residual": return List.of(BlockKind.RESIDUAL);
            default: throw new CommandLine.ParameterException(cmd, "unknown --block '" + block + "': expected plain, residual or both");
        }
    }

    /** The single depth of probe, compare and lesion (20 by default). */
    int singleDepth(CommandLine cmd) {
        if (depth == null) return 20;
        if (depth.size() != 1) throw new CommandLine.ParameterException(cmd, "--depth takes one value here (a list is for sweep), got " + depth);
        return depth.get(0);
    }

    /** The training budget and settings; --steps and --epochs exclude each other. */
    TrainConfig trainConfig(CommandLine cmd, long defaultSteps) {
        if (steps != null && epochs != null) throw new CommandLine.ParameterException(cmd, "give --steps or --epochs, not both");
        TrainConfig.Builder b = TrainConfig.builder().batchSize(batch).optimizer(optimizer).learningRate(lr).seed(seed);
        if (epochs != null) b.epochs(epochs);
        else b.steps(steps != null ? steps : defaultSteps);
        return b.build();
    }

    Split split() {
        return DataOption.load(data, testFraction, seed);
    }

    /** One freshly initialised MLP per kind, sized for the data (mean-squared error for regression data). */
    List<Model> models(int depth, List<BlockKind> kinds, Dataset train) {
        List<Model> out = new ArrayList<>();
        for (BlockKind k : kinds) {
            Model m = Models.mlp(depth, width, activation, init, k).layersPerBlock(layersPerBlock).batchNorm(batchNorm)
                .inputs(train.width()).outputs(train.outputs()).seed(seed).build();
            if (!train.isClassification()) m.loss(Loss.mse());
            out.add(m);
        }
        return out;
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
        m.put("depth", depth == null ? null : depth.size() == 1 ? depth.get(0) : depth);
        m.put("width", width);
        m.put("activation", activation);
        m.put("init", init.name());
        m.put("block", block);
        m.put("layers_per_block", layersPerBlock);
        m.put("batch_norm", batchNorm);
        m.put("data", data);
        m.put("test_fraction", testFraction);
        m.put("seed", seed);
        return m;
    }
}
