package org.residuallab.notebook;

import java.util.ArrayList;
import java.util.List;
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
 * The L2 norm of each hidden layer's weight gradient dL/dW after one backward pass, as a tidy table
 * ({@code model, layer_index, layer, metric, value}); layers are the Dense layers inside the model's
 * hidden blocks, input side first (the stem and head are left out: plain and residual nets share them).
 * A small stand-in for the gradient probes of {@code org.residuallab.probe}, built on the core API only.
 * <pre>Table t = GradientNorms.byLayer(task.x(), task.y(), plain, residual);</pre>
 */
public final class GradientNorms {
    public static final String METRIC = "weight_grad_l2";

    private GradientNorms() {}

    /** One backward pass of every model on the same batch x (B, in) / y (B, K), then ||dW||₂ per hidden layer. */
    public static Table byLayer(INDArray x, INDArray y, Model... models) {
        if (models.length == 0) throw new IllegalArgumentException("byLayer needs at least one model");
        StringColumn model = StringColumn.create("model"), layer = StringColumn.create("layer"), metric = StringColumn.create("metric");
        IntColumn index = IntColumn.create("layer_index");
        DoubleColumn value = DoubleColumn.create("value");
        for (Model m : models) {
            m.lossAndBackward(x, y);
            List<Dense> dense = hiddenDense(m);
            if (dense.isEmpty()) throw new IllegalArgumentException("model '" + m.name() + "' has no Dense layer inside a hidden block");
            for (int i = 0; i < dense.size(); i++) {
                model.append(m.name());
                index.append(i + 1);
                layer.append(dense.get(i).path());
                metric.append(METRIC);
                value.append(dense.get(i).weight().grad().norm2Number().doubleValue());
            }
        }
        return Table.create("weight-gradient norms", model, index, layer, metric, value);
    }

    /** The first hidden layer's gradient norm divided by the last one's, for {@code model} in a {@link #byLayer} table. */
    public static double ratioFirstToLast(Table norms, String model) {
        Table rows = norms.where(norms.stringColumn("model").isEqualTo(model)).sortAscendingOn("layer_index");
        if (rows.rowCount() == 0) throw new IllegalArgumentException("no rows for model '" + model + "' in table " + norms.name());
        DoubleColumn v = rows.doubleColumn("value");
        return v.getDouble(0) / v.getDouble(rows.rowCount() - 1);
    }

    private static List<Dense> hiddenDense(Model m) {
        List<Dense> out = new ArrayList<>();
        for (Block b : m.blocks()) collect(b.body(), out);
        return out;
    }

    private static void collect(Layer l, List<Dense> out) {
        if (l instanceof Dense) out.add((Dense) l);
        for (Layer c : l.children()) collect(c, out);
    }
}
