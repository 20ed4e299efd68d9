package org.residuallab.experiment;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Test loss and accuracy of each model intact and with each block removed. */
public final class LesionResult {
    /**
     * One evaluation: {@code layer} is the removed block's path (layer_index its position, 1..depth for
     * {@code Models.mlp}), or "none" with layer_index −1 for the intact model. Accuracy is NaN for regression.
     */
    public record Row(String model, String block, String layer, int layerIndex, double loss, double accuracy) {}

    private final List<Row> rows;
    private final String data;
    private final List<String> notes;

    LesionResult(List<Row> rows, String data, List<String> notes) {
        this.rows = List.copyOf(rows);
        this.data = data;
        this.notes = List.copyOf(notes);
    }

    public List<Row> rows() { return rows; }

    /**
     * What the study could not do or did differently, one sentence each: plain blocks that change the shape
     * (a conv net's downsampling blocks) cannot be removed and were kept; removing a residual block that changes
     * the shape leaves its shortcut. Empty for MLPs of one width.
     */
    public List<String> notes() { return notes; }

    /** The dataset evaluated on. */
    public String data() { return data; }

    /** Accuracy of {@code model} with nothing removed. */
    public double baseline(String model) {
        for (Row r : rows) if (r.model().equals(model) && r.layerIndex() < 0) return r.accuracy();
        throw new IllegalArgumentException("no model named '" + model + "' in this lesion study");
    }

    /** The lesioned rows of {@code model} (one per removed block), input side first. */
    public List<Row> lesions(String model) {
        List<Row> out = new ArrayList<>();
        for (Row r : rows) if (r.model().equals(model) && r.layerIndex() >= 0) out.add(r);
        return out;
    }

    /**
     * Tidy table {@code model, block, layer, layer_index, metric, value}: {@code block} is the model's kind
     * (plain/residual, "" if unknown), {@code layer} the removed block ("none": intact, layer_index −1),
     * metrics test_loss and test_accuracy.
     */
    public Table table() {
        StringColumn model = StringColumn.create("model"), block = StringColumn.create("block"), layer = StringColumn.create("layer"),
                metric = StringColumn.create("metric");
        IntColumn index = IntColumn.create("layer_index");
        DoubleColumn value = DoubleColumn.create("value");
        for (Row r : rows) {
            for (int k = 0; k < 2; k++) {
                double v = k == 0 ? r.loss() : r.accuracy();
                if (Double.isNaN(v)) continue;
                model.append(r.model());
                block.append(r.block());
                layer.append(r.layer());
                index.append(r.layerIndex());
                metric.append(k == 0 ? "test_loss" : "test_accuracy");
                value.append(v);
            }
        }
        return Table.create("lesion", model, block, layer, index, metric, value);
    }
}
