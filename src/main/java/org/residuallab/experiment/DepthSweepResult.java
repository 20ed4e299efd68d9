package org.residuallab.experiment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.residuallab.nn.BlockKind;
import org.residuallab.probe.GradientSummary;
import org.residuallab.probe.ProbeTables;
import org.residuallab.train.TrainResult;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The cells of a {@link DepthSweep}, as tidy tables. */
public final class DepthSweepResult {
    /** One trained model: its depth and kind, training result, gradient summary and step-0 gradient records. */
    public record Cell(int depth, BlockKind kind, TrainResult result, GradientSummary gradients, Table probes) {}

    private final List<Cell> cells;
    private final Map<String, Object> config;

    DepthSweepResult(List<Cell> cells, Map<String, Object> config) {
        this.cells = List.copyOf(cells);
        this.config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    public List<Cell> cells() { return cells; }

    public Map<String, Object> config() { return config; }

    /**
     * One row per cell and metric: {@code depth} (int), {@code block} (plain/residual), {@code model},
     * {@code metric}, {@code value}. Metrics: grad_ratio_first_to_last, first_block_weight_grad_l2,
     * last_block_weight_grad_l2 (at initialisation), final_train_loss, final_train_accuracy and
     * final_test_accuracy (when they exist).
     */
    public Table table() {
        IntColumn depth = IntColumn.create("depth");
        StringColumn block = StringColumn.create("block"), model = StringColumn.create("model"), metric = StringColumn.create("metric");
        DoubleColumn value = DoubleColumn.create("value");
        for (Cell c : cells) {
            Map<String, Double> row = new LinkedHashMap<>();
            row.put("grad_ratio_first_to_last", c.gradients().gradRatioFirstToLast());
            row.put("first_block_weight_grad_l2", c.gradients().firstBlockNorm());
            row.put("last_block_weight_grad_l2", c.gradients().lastBlockNorm());
            row.put("final_train_loss", c.result().finalTrainLoss());
            row.put("final_train_accuracy", c.result().finalTrainAccuracy().orElse(Double.NaN));
            row.put("final_test_accuracy", c.result().finalTestAccuracy().orElse(Double.NaN));
            for (Map.Entry<String, Double> e : row.entrySet()) {
                if (Double.isNaN(e.getValue())) continue;
                depth.append(c.depth());
                block.append(c.kind().label());
                model.append(c.result().model());
                metric.append(e.getKey());
                value.append(e.getValue());
            }
        }
        return Table.create("depth_sweep", depth, block, model, metric, value);
    }

    /** Every cell's probe records in the probe table format (one model per cell; step 0 only unless the sweep chose probes). */
    public Table gradients() {
        List<Table> ts = new ArrayList<>();
        for (Cell c : cells) ts.add(c.probes());
        return ProbeTables.concat(ts);
    }

    /** The probe records of the cells of one depth (e.g. the plain and the residual net of depth 32). */
    public Table gradients(int depth) {
        List<Table> ts = new ArrayList<>();
        for (Cell c : cells) if (c.depth() == depth) ts.add(c.probes());
        if (ts.isEmpty()) throw new IllegalArgumentException("no cell of depth " + depth + " in this sweep; depths: " + config.get("depths"));
        return ProbeTables.concat(ts);
    }

    /** The cell of this depth and kind. */
    public Cell cell(int depth, BlockKind kind) {
        for (Cell c : cells) if (c.depth() == depth && c.kind() == kind) return c;
        throw new IllegalArgumentException("no " + kind.label() + " cell of depth " + depth + " in this sweep; depths: " + config.get("depths"));
    }

    /** Loss and accuracy curves of every cell. */
    public Table curves() {
        List<Table> ts = new ArrayList<>();
        for (Cell c : cells) ts.add(c.result().curves());
        return ProbeTables.concat(ts).setName("curves");
    }
}
