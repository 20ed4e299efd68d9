package org.residuallab.cli;

import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.residuallab.data.Dataset;
import org.residuallab.viz.Metrics;
import org.residuallab.viz.Panel;
import org.residuallab.viz.Plots;
import tech.tablesaw.api.Table;

/** The charts every training command writes, each only when its data were recorded. */
final class StandardCharts {
    private StandardCharts() {}

    /** The signature plot (weight gradients) and its twin for the back-propagated gradient dL/dh, at the first recorded step. */
    static void gradients(Outputs out, Table probes) {
        if (has(probes, Metrics.WEIGHT_GRAD_NORM)) {
            out.chart("grad-norms", Plots.gradientNormByLayer(probes).build(),
                "Weight-gradient norm of each layer at the first recorded step, input side on the left (log scale).");
        }
        if (has(probes, Metrics.OUTPUT_GRAD_NORM)) {
            out.chart("out-grad-norms", Plots.gradientNormByLayer(probes).metric(Metrics.OUTPUT_GRAD_NORM).build(),
                "Norm of the back-propagated gradient dL/dh at each layer's output, first recorded step.");
        }
    }

    /** Layer × step heat maps of the weight-gradient norm, one per model on a shared colour scale. */
    static void heatMaps(Outputs out, Table probes) {
        if (!has(probes, Metrics.WEIGHT_GRAD_NORM) || distinctSteps(probes, Metrics.WEIGHT_GRAD_NORM) < 2) return;
        List<XYChart> maps = Plots.gradientHeatMaps(probes, Metrics.WEIGHT_GRAD_NORM);
        out.panel("heat-maps", Panel.of(maps), "log10 weight-gradient norm by layer and step; the colour scale is shared.");
    }

    /** The update:data ratio of each model's weight matrices over training, with the −3 reference line. */
    static void updateRatios(Outputs out, Table probes, List<String> models) {
        if (!has(probes, Metrics.UPDATE_RATIO)) return;
        List<Chart<?, ?>> charts = new ArrayList<>();
        for (String m : models) {
            if (hasModel(probes, Metrics.UPDATE_RATIO, m)) charts.add(Plots.updateRatio(probes).model(m).size(700, 450).build());
        }
        if (!charts.isEmpty()) out.panel("update-ratio", Panel.of(charts), "log10 update:data ratio of each weight matrix; about −3 is healthy.");
    }

    /** Activation histograms of every model at the first recorded step, with mean, std and saturation per layer. */
    static void activations(Outputs out, Table histograms, Table probes, List<String> models) {
        if (histograms == null || histograms.rowCount() == 0 || !histograms.containsColumn("kind")) return;
        List<Chart<?, ?>> charts = new ArrayList<>();
        for (String m : models) {
            boolean any = false;
            for (int i = 0; i < histograms.rowCount() && !any; i++) {
                any = histograms.stringColumn("model").get(i).equals(m) && histograms.stringColumn("kind").get(i).equals("activation");
            }
            if (any) charts.add(Plots.histograms(histograms).model(m).kind("activation").stats(probes).size(700, 500).build());
        }
        if (!charts.isEmpty()) out.panel("activations", Panel.of(charts), "Activation histograms at the first recorded step.");
    }

    /** Batch-loss and accuracy curves, with chance levels for classification data. */
    static void curves(Outputs out, Table curves, Dataset train) {
        if (has(curves, Metrics.BATCH_LOSS)) {
            var loss = Plots.curves(curves, Metrics.BATCH_LOSS).title("Training loss (per batch)");
            if (train.isClassification()) loss.reference(Math.log(train.classes()), "chance ln " + train.classes());
            out.chart("loss", loss.build(), "Batch loss over training.");
        }
        String acc = has(curves, Metrics.TEST_ACCURACY) ? Metrics.TEST_ACCURACY : has(curves, Metrics.TRAIN_ACCURACY) ? Metrics.TRAIN_ACCURACY : null;
        if (acc != null) {
            var c = Plots.curves(curves, acc).markers(true);
            if (train.isClassification()) c.reference(1.0 / train.classes(), "chance");
            out.chart("accuracy", c.build(), Metrics.title(acc) + " at each evaluation.");
        }
    }

    static boolean has(Table t, String metric) {
        if (t == null || !t.containsColumn("metric")) return false;
        for (int i = 0; i < t.rowCount(); i++) if (t.stringColumn("metric").get(i).equals(metric)) return true;
        return false;
    }

    private static boolean hasModel(Table t, String metric, String model) {
        for (int i = 0; i < t.rowCount(); i++) {
            if (t.stringColumn("metric").get(i).equals(metric) && t.stringColumn("model").get(i).equals(model)) return true;
        }
        return false;
    }

    private static long distinctSteps(Table t, String metric) {
        java.util.Set<Integer> steps = new java.util.HashSet<>();
        for (int i = 0; i < t.rowCount(); i++) if (t.stringColumn("metric").get(i).equals(metric)) steps.add(t.intColumn("step").get(i));
        return steps.size();
    }
}
