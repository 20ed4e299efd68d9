package org.residuallab.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.residuallab.data.Dataset;
import org.residuallab.experiment.CompareResult;
import org.residuallab.experiment.Lesion;
import org.residuallab.experiment.LesionResult;
import org.residuallab.train.TrainingListener;
import org.residuallab.viz.LesionPlot;
import org.residuallab.viz.Plots;
import picocli.CommandLine.Command;

/** {@code residual-lab lesion}: trains, then removes one block at a time and measures accuracy (Veit et al. 2016). */
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
        LesionPlot plot = Plots.lesion(lesions.table(), metric).yLabel(what).title("Lesion: " + what + " with one block removed");
        if (classification) plot.chance(1.0 / on.classes());
        out.chart("lesion", plot.build(), "Each bar: the trained model with one hidden block removed; dashed: intact.");
        if (!onTest) out.report.note("No test split (--test-fraction 0): the lesion study uses the training data.");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> models = (List<Map<String, Object>>) summary.get("models");
        for (Map<String, Object> m : models) m.put("lesion", lesionOf(lesions, (String) m.get("name"), onTest));
        return summary;
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
