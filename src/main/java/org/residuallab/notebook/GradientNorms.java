package org.residuallab.notebook;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Block;
import org.residuallab.nn.Dense;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Model;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Gradient sizes through the hidden blocks after one backward pass, as a tidy table
 * ({@code model, metric, layer_index, layer, value}), input side first:
 * {@value #BACKPROP} is ‖dL/dx‖₂ at each block's input (the gradient flowing back), {@value #WEIGHT} is
 * ‖dL/dW‖₂ of each Dense layer inside the blocks (what the optimiser sees). The stem and head are left
 * out: plain and residual nets share them. A small stand-in for the probes of {@code org.residuallab.probe},
 * built on the core API only.
 * <pre>Table t = GradientNorms.byLayer(task.x(), task.y(), plain, residual);</pre>
 */
public final class GradientNorms {
    public static final String BACKPROP = "backprop_grad_l2";
    public static final String WEIGHT = "weight_grad_l2";

    private GradientNorms() {}

    /** One backward pass of every model on the same batch x (B, in) / y (B, K), then both norms per hidden layer. */
    public static Table byLayer(INDArray x, INDArray y, Model... models) {
        if (models.length == 0) throw new IllegalArgumentException("byLayer needs at least one model");
        Table t = Table.create("gradient norms", StringColumn.create("model"), StringColumn.create("metric"),
                IntColumn.create("layer_index"), StringColumn.create("layer"), DoubleColumn.create("value"));
        for (Model m : models) {
            if (m.blocks().isEmpty()) throw new IllegalArgumentException("model '" + m.name() + "' has no hidden blocks");
            m.lossAndBackward(x, y);
            int i = 0;
            for (Block b : m.blocks()) add(t, m, BACKPROP, ++i, b.path(), b.lastInputGradient().norm2Number().doubleValue());
            i = 0;
            for (Block b : m.blocks()) {
                for (Dense d : dense(b.body(), new java.util.ArrayList<>())) {
                    add(t, m, WEIGHT, ++i, d.path(), d.weight().grad().norm2Number().doubleValue());
                }
            }
        }
        return t;
    }

    /** The first hidden layer's {@code metric} divided by the last one's, for {@code model} in a {@link #byLayer} table. */
    public static double ratioFirstToLast(Table norms, String model, String metric) {
        Table rows = norms.where(norms.stringColumn("model").isEqualTo(model).and(norms.stringColumn("metric").isEqualTo(metric)))
                .sortAscendingOn("layer_index");
        if (rows.rowCount() == 0) {
            throw new IllegalArgumentException("no rows for model '" + model + "' and metric '" + metric + "' in table '" + norms.name() + "'");
        }
        DoubleColumn v = rows.doubleColumn("value");
        return v.getDouble(0) / v.getDouble(rows.rowCount() - 1);
    }

    private static void add(Table t, Model m, String metric, int index, String layer, double value) {
        t.stringColumn("model").append(m.name());
        t.stringColumn("metric").append(metric);
        t.intColumn("layer_index").append(index);
        t.stringColumn("layer").append(layer);
        t.doubleColumn("value").append(value);
    }

    private static java.util.List<Dense> dense(Layer l, java.util.List<Dense> out) {
        if (l instanceof Dense) out.add((Dense) l);
        for (Layer c : l.children()) dense(c, out);
        return out;
    }
}
