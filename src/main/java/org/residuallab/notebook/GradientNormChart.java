package org.residuallab.notebook;

import org.knowm.xchart.XYChart;
import org.residuallab.probe.ProbeMetrics;
import tech.tablesaw.api.Table;

/**
 * The signature plot from a probe table: a gradient norm by layer on a log axis, one line per model.
 * {@link #panel} puts the back-propagated gradient and the weight gradient side by side.
 * <pre>ChartGrid g = GradientNormChart.panel(probes.table());</pre>
 */
public final class GradientNormChart {
    private GradientNormChart() {}

    /** dL/dh at each unit's output (left) and dL/dW of each unit (right), at the table's first step. */
    public static ChartGrid panel(Table probes) {
        return ChartGrid.of(of(probes, ProbeMetrics.OUT_GRAD_L2), of(probes, ProbeMetrics.WEIGHT_GRAD_L2));
    }

    /** One metric ({@code out_grad_l2} or {@code weight_grad_l2}) by layer_index, at the table's first step. */
    public static XYChart of(Table probes, String metric) {
        boolean weight = ProbeMetrics.WEIGHT_GRAD_L2.equals(metric);
        if (!weight && !ProbeMetrics.OUT_GRAD_L2.equals(metric)) {
            throw new IllegalArgumentException("unknown metric '" + metric + "': expected " + ProbeMetrics.OUT_GRAD_L2
                    + " or " + ProbeMetrics.WEIGHT_GRAD_L2);
        }
        for (String col : java.util.List.of("metric", "step")) {
            if (!probes.columnNames().contains(col)) {
                throw new IllegalArgumentException("table '" + probes.name() + "' lacks column '" + col + "'; it has " + probes.columnNames());
            }
        }
        Table rows = probes.where(probes.stringColumn("metric").isEqualTo(metric));
        if (rows.rowCount() == 0) throw new IllegalArgumentException("the table has no rows for metric '" + metric + "'");
        rows = rows.where(rows.numberColumn("step").isEqualTo(rows.numberColumn("step").min()));
        return LineCharts.of(rows, "layer_index", "model",
                weight ? "Weight gradient by layer" : "Gradient flowing back, by layer",
                "layer (input side → output side)",
                weight ? "‖dL/dW‖₂ (log scale)" : "‖dL/dh‖₂ at the layer's output (log scale)", true);
    }
}
