package org.residuallab.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.residuallab.experiment.DepthSweep;
import org.residuallab.experiment.DepthSweepResult;
import org.residuallab.experiment.ModelRecipe;
import org.residuallab.nn.BlockKind;
import org.residuallab.train.TrainConfig;
import org.residuallab.train.TrainingListener;
import org.residuallab.viz.DepthSweepPlot;
import org.residuallab.viz.Plots;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import tech.tablesaw.api.Table;

/**
 * {@code residual-lab sweep}: depths × {plain, residual}: gradients at initialisation and final loss after a fixed budget,
 * for MLPs, CIFAR ResNets (depths 6n+2) or transformers (depth = layers; plain = the no-skip variant).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {"Train plain and residual nets at each --depth (a comma-separated list) for the same budget.",
        "Writes charts (PNG, SVG), tables (CSV), summary.json and index.html into --out."})
final class SweepCommand extends ExperimentCommand {
    private int[] depths;
    private List<BlockKind> kinds;
    private TrainConfig config;
    private ModelChoice choice;

    @Override
    void prepare(CommandLine cmd) {
        choice = options.choice(cmd);
        List<Integer> d = choice.depths(true);
        depths = d.stream().mapToInt(Integer::intValue).toArray();
        options.depth = d;
        kinds = choice.sweepKinds();
        config = options.trainConfig(cmd, 300);
        choice.checkData(data.train());
        ModelRecipe recipe = choice.recipe();
        for (int x : depths) recipe.check(x, data.train());   // checks the recipe before any training
    }

    @Override
    String title() {
        String what = switch (choice.family) {
            case MLP -> options.activation + ", " + options.init.name() + ", width " + choice.width();
            case RESNET -> "resnet, base width " + choice.width() + ", shortcut " + choice.describe().get("shortcut");
            case TRANSFORMER -> "transformer, d_model " + choice.width() + ", " + choice.heads() + " heads";
        };
        return "Depth sweep: " + what + ", " + data.train().name();
    }

    @Override
    Map<String, Object> execute(Outputs out, TrainingListener progress) {
        DepthSweep sweep = DepthSweep.over(depths).seed(options.seed).kinds(kinds.toArray(new BlockKind[0]))
            .data(data.train(), data.test()).config(config).listener(progress);
        if (choice.family == ModelRecipe.Family.MLP) {
            sweep.width(choice.width()).activation(options.activation).init(options.init).layersPerBlock(options.layersPerBlock).batchNorm(options.batchNorm);
        } else {
            sweep.models(choice.recipe());
        }
        DepthSweepResult r = sweep.run();
        interrupted |= Thread.interrupted();   // cleared so the partial outputs can still be written
        interrupted |= r.cells().size() < depths.length * kinds.size() || r.cells().stream().anyMatch(c -> c.result().interrupted());
        List<Map<String, Object>> models = new ArrayList<>();
        for (DepthSweepResult.Cell c : r.cells()) {
            Map<String, Object> s = ModelSummary.of(c.result().model(), c.result().config(), c.gradients(), c.result());
            models.add(s);
            out.report.row(ModelSummary.keyNumbers(s));
        }
        if (!r.cells().isEmpty()) charts(r, out);
        out.report.config(r.config());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("experiment", r.config());
        summary.put("models", models);
        return summary;
    }

    private void charts(DepthSweepResult r, Outputs out) {
        Table sweep = r.table(), gradients = r.gradients();
        out.csv("sweep", sweep);
        out.csv("gradients", gradients);
        out.csv("curves", r.curves());
        DepthSweepPlot loss = Plots.depthSweep(sweep, "final_train_loss");
        if (data.train().isClassification()) loss.reference(Math.log(data.train().classes()), "chance ln " + data.train().classes());
        out.chart("sweep-loss", loss.build(), "Training loss after the same budget, by depth.");
        if (StandardCharts.has(sweep, "grad_ratio_first_to_last") && positive(sweep, "grad_ratio_first_to_last")) {
            out.chart("sweep-grad-ratio", Plots.depthSweep(sweep, "grad_ratio_first_to_last").logY(true)
                .title("First ÷ last block weight-gradient norm at initialisation").build(),
                "Below 1: gradients shrink towards the input; far below 1: they vanish.");
        }
        if (StandardCharts.has(sweep, "final_test_accuracy")) {
            DepthSweepPlot acc = Plots.depthSweep(sweep, "final_test_accuracy");
            if (data.train().isClassification()) acc.reference(1.0 / data.train().classes(), "chance");
            out.chart("sweep-accuracy", acc.build(), "Test accuracy after the same budget, by depth.");
        }
        int deepest = r.cells().stream().mapToInt(DepthSweepResult.Cell::depth).max().getAsInt();
        Table deep = gradients.where(gradients.intColumn("depth").isEqualTo(deepest));
        StandardCharts.gradients(out, deep);
    }

    private static boolean positive(Table t, String metric) {
        for (int i = 0; i < t.rowCount(); i++) {
            if (t.stringColumn("metric").get(i).equals(metric) && !(t.doubleColumn("value").get(i) > 0)) return false;
        }
        return true;
    }
}
