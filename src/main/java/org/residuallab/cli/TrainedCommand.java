package org.residuallab.cli;

import java.util.List;
import org.residuallab.experiment.Compare;
import org.residuallab.experiment.CompareResult;
import org.residuallab.experiment.ModelRecipe;
import org.residuallab.nn.Model;
import org.residuallab.probe.Probes;
import org.residuallab.train.TrainConfig;
import org.residuallab.train.TrainingListener;
import picocli.CommandLine;

/** A command that builds one model per --block kind (transformers: per --variant) at a single --depth and may train them side by side. */
abstract class TrainedCommand extends ExperimentCommand {
    List<Model> models;
    TrainConfig config;
    long perModel;

    /** Steps when neither --steps nor --epochs is given. */
    long defaultSteps() {
        return 300;
    }

    @Override
    void prepare(CommandLine cmd) {
        config = options.trainConfig(cmd, defaultSteps());
        int depth = options.singleDepth(cmd);
        options.depth = List.of(depth);   // summary.json reports the depth used
        models = options.models(cmd, depth, data.train());
        perModel = config.totalSteps(data.train().size());
        options.probeEvery(perModel);
    }

    @Override
    String title() {
        if (options.choice(spec.commandLine()).family != ModelRecipe.Family.MLP) {
            List<String> names = models.stream().map(Model::name).toList();
            return String.join(" versus ", names) + ", " + data.train().name();
        }
        String recipe = models.get(models.size() - 1).name().replaceFirst("^(plain|residual)-", "");
        return (models.size() > 1 ? "Plain versus residual, " : models.get(0).config().get("block") + " ") + recipe + ", " + data.train().name();
    }

    /** Trains every model on the same data and batches with all probes attached. */
    CompareResult train(TrainingListener progress) {
        CompareResult r = Compare.of(models).data(data.train(), data.test()).config(config).probes(Probes.all().every(options.probeEvery(perModel)))
            .name(spec.name()).listener(progress).run();
        // clear the flag so the partial outputs can still be written (NIO file channels refuse an interrupted thread)
        interrupted |= Thread.interrupted() | r.interrupted();
        return r;
    }
}
