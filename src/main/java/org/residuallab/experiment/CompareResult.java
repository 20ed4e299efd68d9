package org.residuallab.experiment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.residuallab.nn.Model;
import org.residuallab.probe.GradientSummary;
import org.residuallab.probe.ProbeSession;
import org.residuallab.probe.ProbeTables;
import org.residuallab.train.TrainResult;
import tech.tablesaw.api.Table;

/**
 * What a {@link Compare} produced: per model its training result, probe records and gradient summary,
 * plus combined tidy tables for plotting. Models appear in the order they were trained; after an
 * interruption only those that ran are present.
 */
public final class CompareResult {
    private final List<Model> models;
    private final List<TrainResult> results;
    private final List<ProbeSession> sessions;
    private final Map<String, Object> config;
    private final int planned;

    CompareResult(List<Model> models, List<TrainResult> results, List<ProbeSession> sessions, int planned, Map<String, Object> config) {
        this.planned = planned;
        this.models = List.copyOf(models);
        this.results = List.copyOf(results);
        this.sessions = List.copyOf(sessions);
        this.config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /** The trained models (e.g. to pass on to {@link Lesion}). */
    public List<Model> models() { return models; }

    public List<TrainResult> results() { return results; }

    /** The result of the model named {@code model}. */
    public TrainResult result(String model) { return results.get(indexOf(model)); }

    /** True when a model's run was interrupted or a model never ran. */
    public boolean interrupted() {
        return results.size() < planned || results.stream().anyMatch(TrainResult::interrupted);
    }

    /** The experiment's configuration: name, models, data, trainer settings. Each result has its own full config too. */
    public Map<String, Object> config() { return config; }

    /** Loss and accuracy curves of all models: {@code model, step, metric, value} (see {@code History.table}). */
    public Table curves() {
        List<Table> ts = new ArrayList<>();
        for (TrainResult r : results) ts.add(r.curves());
        return ProbeTables.concat(ts).setName("curves");
    }

    /**
     * The final numbers of every model, in the format of a depth sweep's table ({@code depth, block, model, metric,
     * value}; depth and block from each model's configuration, e.g. a ResNet's 6n + 2): final_train_loss,
     * final_train_accuracy, final_test_accuracy (with a test set) and grad_ratio_first_to_last at the first
     * recorded step (with gradient probes). {@code Plots.depthSweep(result.finals(), "final_train_loss")} draws it.
     */
    public Table finals() {
        tech.tablesaw.api.IntColumn depth = tech.tablesaw.api.IntColumn.create("depth");
        tech.tablesaw.api.StringColumn block = tech.tablesaw.api.StringColumn.create("block"), model = tech.tablesaw.api.StringColumn.create("model"),
                metric = tech.tablesaw.api.StringColumn.create("metric");
        tech.tablesaw.api.DoubleColumn value = tech.tablesaw.api.DoubleColumn.create("value");
        for (int i = 0; i < results.size(); i++) {
            TrainResult r = results.get(i);
            Map<String, Object> c = models.get(i).config();
            Map<String, Double> row = new LinkedHashMap<>();
            row.put("final_train_loss", r.finalTrainLoss());
            row.put("final_train_accuracy", r.finalTrainAccuracy().orElse(Double.NaN));
            row.put("final_test_accuracy", r.finalTestAccuracy().orElse(Double.NaN));
            try {
                row.put("grad_ratio_first_to_last", sessions.get(i).gradientSummary().gradRatioFirstToLast());
            } catch (IllegalStateException e) {
                // no gradient probes attached: no ratio
            }
            for (Map.Entry<String, Double> e : row.entrySet()) {
                if (Double.isNaN(e.getValue())) continue;
                depth.append(c.get("depth") instanceof Number ? ((Number) c.get("depth")).intValue() : models.get(i).blocks().size());
                block.append(String.valueOf(c.getOrDefault("block", "")));
                model.append(r.model());
                metric.append(e.getKey());
                value.append(e.getValue());
            }
        }
        return Table.create("finals", depth, block, model, metric, value);
    }

    /** All models' probe records in one tidy table ({@code run, model, depth, step, layer, layer_index, metric, value}). */
    public Table probes() {
        List<Table> ts = new ArrayList<>();
        for (ProbeSession s : sessions) ts.add(s.table());
        return ProbeTables.concat(ts);
    }

    /** All models' histograms in one tidy table. */
    public Table histograms() {
        List<Table> ts = new ArrayList<>();
        for (ProbeSession s : sessions) ts.add(s.histogramTable());
        return ProbeTables.concat(ts);
    }

    /** {@code weight_grad_norm_by_layer} and {@code grad_ratio_first_to_last} of one model, at its first recorded step. */
    public GradientSummary gradientSummary(String model) { return sessions.get(indexOf(model)).gradientSummary(); }

    /** The probe session of one model (detached; its tables stay readable). */
    public ProbeSession probeSession(String model) { return sessions.get(indexOf(model)); }

    private int indexOf(String model) {
        for (int i = 0; i < results.size(); i++) if (results.get(i).model().equals(model)) return i;
        List<String> names = new ArrayList<>();
        for (TrainResult r : results) names.add(r.model());
        throw new IllegalArgumentException("no model named '" + model + "' in this comparison; it has " + names);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Compare '" + config.get("name") + "'");
        for (TrainResult r : results) sb.append("\n  ").append(r);
        return sb.toString();
    }
}
