package org.residuallab.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.residuallab.data.Batches;
import org.residuallab.nn.Model;
import org.residuallab.probe.ProbeSession;
import org.residuallab.probe.ProbeTables;
import org.residuallab.probe.Probes;
import org.residuallab.train.TrainingListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import tech.tablesaw.api.Table;

/**
 * {@code residual-lab probe}: the gradients and activations of freshly initialised nets on one batch
 * (no weight update), or with --steps/--epochs, recorded while they train.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
    description = {"Probe plain and/or residual nets at initialisation: one forward and backward pass on a batch, no update.",
        "With --steps or --epochs the nets are trained and probed as they learn.",
        "Writes charts (PNG, SVG), tables (CSV), summary.json and index.html into --out."})
final class ProbeCommand extends TrainedCommand {
    private boolean train;

    @Override
    void prepare(CommandLine cmd) {
        train = options.steps != null || options.epochs != null;
        super.prepare(cmd);
    }

    @Override
    String title() {
        return "Probes " + (train ? "during training: " : "at initialisation: ") + super.title();
    }

    @Override
    Map<String, Object> execute(Outputs out, TrainingListener progress) {
        if (train) return CompareReport.write(train(progress), out, data.train());
        Batches.Batch batch = data.train().batches(options.batch, options.seed).next();
        List<Table> scalars = new ArrayList<>(), histograms = new ArrayList<>();
        List<Map<String, Object>> summaries = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Model m : models) {
            try (ProbeSession s = Probes.all().every(1).run(spec.name()).attach(m)) {
                m.lossAndBackward(batch.x(), batch.y());
                scalars.add(s.table());
                histograms.add(s.histogramTable());
                Map<String, Object> entry = ModelSummary.of(m, s.gradientSummary(), null);
                summaries.add(entry);
                out.report.row(ModelSummary.keyNumbers(entry));
                names.add(m.name());
            }
        }
        Table probes = ProbeTables.concat(scalars), hist = ProbeTables.concat(histograms);
        out.csv("probes", probes);
        out.csv("histograms", hist);
        StandardCharts.gradients(out, probes);
        StandardCharts.activations(out, hist, probes, names);
        Map<String, Object> experiment = new LinkedHashMap<>();
        experiment.put("experiment", "probe at initialisation");
        experiment.put("models", names);
        experiment.put("train_data", data.train().name());
        experiment.put("batch_size", batch.size());
        out.report.config(experiment);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("experiment", experiment);
        summary.put("models", summaries);
        return summary;
    }
}
