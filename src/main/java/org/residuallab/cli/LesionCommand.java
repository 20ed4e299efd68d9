package org.residuallab.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.internal.chartpart.Chart;
import org.residuallab.data.Dataset;
import org.residuallab.experiment.CompareResult;
import org.residuallab.experiment.Lesion;
import org.residuallab.experiment.LesionResult;
import org.residuallab.nn.Model;
import org.residuallab.train.TrainingListener;
import org.residuallab.viz.LesionPlot;
import org.residuallab.viz.Panel;
import org.residuallab.viz.Plots;
import tech.tablesaw.api.Table;
import picocli.CommandLine.Command;

/**
 * {@code residual-lab lesion}: trains, then removes one block at a time and measures accuracy (Veit et al. 2016). A
 * transformer layer is removed whole; a plain conv block that changes the shape cannot be removed and is named in a note.
 */
@Command(name = "lesion", mixinStandardHelpOptions = true,
    description = {"Train plain and residual nets side by side, then remove each hidden block in turn and measure test accuracy",
        "(training data when --test-fraction is 0). Writes charts, tables, summary.json and index.html into --out."})
final class LesionCommand extends TrainedCommand {

    @Override
    Map<String, Object> execute(Outputs out, TrainingListener progress) {
        CompareResult trained = train(progress);
        Map<String, Object> summary = CompareReport.write(trained, out, data.train());
        if (trained.models().isEmpty() || interrupted) return summary;
        boolean onTest = data.test() != null;
        Dataset on = onTest ? data.test() : data.train();
        LesionResult lesions = Lesion.of(trained.models()).data(on).run();
        out.csv("lesion", lesions.table());
        boolean classification = on.isClassification();
        String metric = classification ? "test_accuracy" : "test_loss";
        String what = (classification ? "accuracy" : "loss") + " on the " + (onTest ? "test" : "training") + " data";
        String caption = "Each bar: the trained model with one hidden block removed; dashed: intact.";
        Set<Integer> counts = new HashSet<>();
        for (Model m : trained.models()) counts.add(lesions.lesions(m.name()).size());
        if (counts.size() == 1) {
            out.chart("lesion", lesionPlot(lesions.table(), metric, what, classification ? on.classes() : 0).build(), caption);
        } else {   // some blocks could not be removed (plain blocks that change the shape): one chart per model
            List<Chart<?, ?>> charts = new ArrayList<>();
            for (Model m : trained.models()) {
                Table t = lesions.table();
                charts.add(lesionPlot(t.where(t.stringColumn("model").isEqualTo(m.name())), metric, what, classification ? on.classes() : 0)
                    .size(700, 450).build());
            }
            out.panel("lesion", Panel.of(charts), caption + " Blocks that could not be removed have no bar (see the notes).");
        }
        if (!onTest) out.report.note("No test split (--test-fraction 0): the lesion study uses the training data.");
        for (String note : lesions.notes()) out.report.note(note);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> models = (List<Map<String, Object>>) summary.get("models");
        for (Map<String, Object> m : models) m.put("lesion", lesionOf(lesions, (String) m.get("name"), onTest));
        summary.put("lesion_notes", lesions.notes());
        return summary;
    }

    private static LesionPlot lesionPlot(Table table, String metric, String what, int classes) {
        LesionPlot plot = Plots.lesion(table, metric).yLabel(what).title("Lesion: " + what + " with one block removed");
        if (classes > 0) plot.chance(1.0 / classes);
        return plot;
    }

    private static Map<String, Object> lesionOf(LesionResult r, String model, boolean onTest) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("data", onTest ? "test" : "train");
        for (LesionResult.Row row : r.rows()) {
            if (row.model().equals(model) && row.layerIndex() < 0) {
                l.put("intact_loss", row.loss());
                l.put("intact_accuracy", row.accuracy());
            }
        }
        List<Map<String, Object>> blocks = new ArrayList<>();
        for (LesionResult.Row row : r.lesions(model)) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("removed", row.layer());
            b.put("layer_index", row.layerIndex());
            b.put("loss", row.loss());
            b.put("accuracy", row.accuracy());
            blocks.add(b);
        }
        l.put("without_block", blocks);
        return l;
    }
}
