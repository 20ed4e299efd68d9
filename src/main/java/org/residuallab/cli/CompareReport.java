package org.residuallab.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.residuallab.data.Dataset;
import org.residuallab.experiment.CompareResult;
import org.residuallab.nn.Model;
import org.residuallab.probe.GradientSummary;
import tech.tablesaw.api.Table;

/** Writes what a {@link CompareResult} holds: its tables, the standard charts and one summary entry per model. */
final class CompareReport {
    private CompareReport() {}

    /** Writes probes.csv, histograms.csv, curves.csv and the charts; returns {"experiment": ..., "models": [...]}. */
    static Map<String, Object> write(CompareResult r, Outputs out, Dataset train) {
        List<String> names = new ArrayList<>();
        for (Model m : r.models()) names.add(m.name());
        Table probes = r.probes(), histograms = r.histograms(), curves = r.curves();   // each call builds a new table
        out.csv("probes", probes);
        out.csv("histograms", histograms);
        out.csv("curves", curves);
        StandardCharts.gradients(out, probes);
        StandardCharts.curves(out, curves, train);
        StandardCharts.heatMaps(out, probes);
        StandardCharts.updateRatios(out, probes, names);
        StandardCharts.activations(out, histograms, probes, names);
        List<Map<String, Object>> models = new ArrayList<>();
        for (Model m : r.models()) {
            Map<String, Object> s = ModelSummary.of(m, gradients(r, m.name()), r.result(m.name()));
            models.add(s);
            out.report.row(ModelSummary.keyNumbers(s));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("experiment", r.config());
        summary.put("models", models);
        out.report.config(r.config());
        return summary;
    }

    /** The model's gradient summary, or null when no gradient was recorded (interrupted before its first step). */
    static GradientSummary gradients(CompareResult r, String model) {
        try {
            return r.gradientSummary(model);
        } catch (IllegalStateException e) {
            return null;
        }
    }
}
