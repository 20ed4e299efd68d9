package org.residuallab.lesson;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.residuallab.probe.GradientFlow;
import org.residuallab.probe.ProbeMetrics;
import org.residuallab.probe.ProbeTables;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The cells of an {@link InitGrid}: each cell's step-0 probe table, and per cell how much the gradient
 * shrinks from the last hidden block to the first ({@value #OUT_GRAD_RATIO}: back-propagated dL/dh,
 * {@value #WEIGHT_GRAD_RATIO}: dL/dW; block 1 ÷ block depth, so 1 is level and 1e-6 a millionfold loss).
 */
public final class InitGridResult {
    /** ‖dL/dh‖ at the first hidden block's output ÷ at the last one's. */
    public static final String OUT_GRAD_RATIO = "out_grad_ratio";
    /** ‖dL/dW‖ of the first hidden block ÷ of the last one. */
    public static final String WEIGHT_GRAD_RATIO = "weight_grad_ratio";
    /** ‖dL/dW‖ of the first hidden block: how large the gradient is, not only how level. */
    public static final String FIRST_WEIGHT_GRAD = "first_block_weight_grad_l2";

    /**
     * One cell: the net {@code activation-init-dDEPTH}, its probe table at step 0, and its unit metrics by
     * layer_index (0 stem, 1..depth blocks, depth + 1 head).
     */
    public record Cell(String activation, String init, int depth, Table probes, Map<String, double[]> units) {
        static Cell of(String activation, String init, int depth, Table probes) {
            Map<String, double[]> units = new HashMap<>();
            StringColumn layer = probes.stringColumn("layer"), metric = probes.stringColumn("metric");
            for (int i = 0; i < probes.rowCount(); i++) {
                if (probes.intColumn("step").getInt(i) != 0 || layer.getString(i).contains("/")) continue;
                double[] v = units.computeIfAbsent(metric.getString(i), m -> filled(depth + 2));
                v[probes.intColumn("layer_index").getInt(i)] = probes.doubleColumn("value").getDouble(i);
            }
            return new Cell(activation, init, depth, probes, units);
        }

        private static double[] filled(int n) {
            double[] v = new double[n];
            java.util.Arrays.fill(v, Double.NaN);
            return v;
        }

        public String model() { return InitGrid.name(activation, init, depth); }

        /** A unit metric (e.g. out_grad_l2) at every layer_index, input side first. */
        public double[] byLayer(String metric) {
            double[] v = units.get(metric);
            if (v == null) throw new IllegalArgumentException("model '" + model() + "' has no unit metric '" + metric + "' (it has " + units.keySet() + ")");
            return v.clone();
        }

        /** A unit metric of hidden block {@code k} (1..depth). */
        public double block(String metric, int k) {
            if (k < 1 || k > depth) throw new IllegalArgumentException("model '" + model() + "' has blocks 1.." + depth + "; no block " + k);
            return byLayer(metric)[k];
        }

        /** {@code unitMetric} of the first hidden block ÷ of the last, at step 0 ({@link GradientFlow#firstToLast}). */
        public double ratio(String unitMetric) {
            return GradientFlow.firstToLast(probes, model(), unitMetric, 0);
        }
    }

    private final List<Cell> cells;

    InitGridResult(List<Cell> cells) {
        this.cells = List.copyOf(cells);
    }

    public List<Cell> cells() { return cells; }

    /** The cell of this activation, init name (e.g. "xavier") and depth. */
    public Cell cell(String activation, String init, int depth) {
        for (Cell c : cells) if (c.activation().equals(activation) && c.init().equals(init) && c.depth() == depth) return c;
        List<String> have = new ArrayList<>();
        for (Cell c : cells) have.add(c.model());
        throw new IllegalArgumentException("no cell " + InitGrid.name(activation, init, depth) + " in this grid (it has " + have + ")");
    }

    /** One ratio ({@link #OUT_GRAD_RATIO}, {@link #WEIGHT_GRAD_RATIO}) or {@link #FIRST_WEIGHT_GRAD} of one cell. */
    public double value(String activation, String init, int depth, String metric) {
        Cell c = cell(activation, init, depth);
        switch (metric) {
            case OUT_GRAD_RATIO: return c.ratio(ProbeMetrics.OUT_GRAD_L2);
            case WEIGHT_GRAD_RATIO: return c.ratio(ProbeMetrics.WEIGHT_GRAD_L2);
            case FIRST_WEIGHT_GRAD: return c.block(ProbeMetrics.WEIGHT_GRAD_L2, 1);
            default: throw new IllegalArgumentException("unknown metric '" + metric + "': expected " + OUT_GRAD_RATIO + ", "
                    + WEIGHT_GRAD_RATIO + " or " + FIRST_WEIGHT_GRAD);
        }
    }

    /** Every cell's probe table stacked (probe columns: run, model, depth, step, layer, layer_index, metric, value). */
    public Table probes() {
        return stack(cells);
    }

    /** The probe tables of one activation's cells at one depth: one model per init, for a gradient-by-layer plot. */
    public Table probes(String activation, int depth) {
        List<Cell> pick = new ArrayList<>();
        for (Cell c : cells) if (c.activation().equals(activation) && c.depth() == depth) pick.add(c);
        if (pick.isEmpty()) throw new IllegalArgumentException("no " + activation + " cells of depth " + depth + " in this grid");
        return stack(pick);
    }

    /** One cell's probe table. */
    public Table probes(String activation, String init, int depth) {
        return cell(activation, init, depth).probes();
    }

    /** Tidy: activation, init, model (activation-init, no depth), depth, metric, value; the three metrics of every cell. */
    public Table ratios() {
        return ratios(null);
    }

    /** {@link #ratios()} of one activation's cells, for a depth-sweep plot with one line per init. */
    public Table ratios(String activation) {
        StringColumn act = StringColumn.create("activation"), init = StringColumn.create("init"),
                model = StringColumn.create("model"), metric = StringColumn.create("metric");
        IntColumn depth = IntColumn.create("depth");
        DoubleColumn value = DoubleColumn.create("value");
        for (Cell c : cells) {
            if (activation != null && !c.activation().equals(activation)) continue;
            for (String m : List.of(OUT_GRAD_RATIO, WEIGHT_GRAD_RATIO, FIRST_WEIGHT_GRAD)) {
                act.append(c.activation());
                init.append(c.init());
                model.append(c.activation() + "-" + c.init());
                depth.append(c.depth());
                metric.append(m);
                value.append(value(c.activation(), c.init(), c.depth(), m));
            }
        }
        if (act.isEmpty()) throw new IllegalArgumentException("no " + activation + " cells in this grid");
        return Table.create("init grid", act, init, model, depth, metric, value);
    }

    private static Table stack(List<Cell> cs) {
        List<Table> ts = new ArrayList<>();
        for (Cell c : cs) ts.add(c.probes());
        return ProbeTables.concat(ts).setName("gradients at init");
    }
}
