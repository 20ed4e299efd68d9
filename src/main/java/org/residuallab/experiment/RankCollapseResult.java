package org.residuallab.experiment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.residuallab.probe.RankCollapse;
import org.residuallab.viz.Plots;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What {@link RankCollapseAtInit} measured: res(X)/‖X‖ after each layer of each stack, depth 0 being the
 * embedded input (see {@link RankCollapse} for the definition).
 */
public final class RankCollapseResult {
    /** Values below this are drawn at it on the log axis (float32 cannot tell smaller residuals from 0). */
    public static final double FLOOR = 1e-7;

    private final Map<String, double[]> byStack; // label -> res_ratio at depth 0..L
    private final Map<String, Object> config;

    private RankCollapseResult(Map<String, double[]> byStack, Map<String, Object> config) {
        this.byStack = byStack;
        this.config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    // from each stack's probe table: the res_ratio rows of 'positions' (depth 0) and 'block<k>' (depth k)
    static RankCollapseResult of(List<String> labels, List<Table> probes, int depth, Map<String, Object> config) {
        Map<String, double[]> by = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            Table t = probes.get(i);
            double[] r = new double[depth + 1];
            java.util.Arrays.fill(r, Double.NaN);
            for (int row = 0; row < t.rowCount(); row++) {
                if (!t.stringColumn("metric").getString(row).equals(RankCollapse.RES_RATIO)) continue;
                String layer = t.stringColumn("layer").getString(row);
                double v = t.doubleColumn("value").getDouble(row);
                if (layer.equals("positions")) r[0] = v;
                else if (layer.matches("block\\d+")) r[Integer.parseInt(layer.substring(5))] = v;
            }
            by.put(labels.get(i), r);
        }
        return new RankCollapseResult(by, config);
    }

    /** The stacks' labels, in the order they ran. */
    public List<String> stacks() { return List.copyOf(byStack.keySet()); }

    /** Depth, width, heads, tokens, batch, seed, init. */
    public Map<String, Object> config() { return config; }

    /** The deepest depth measured. */
    public int depth() { return ((Number) config.get("depth")).intValue(); }

    /** res(X)/‖X‖ of {@code stack} after {@code depth} layers (0: the embedded input). */
    public double ratio(String stack, int depth) {
        double[] r = byStack.get(stack);
        if (r == null) throw new IllegalArgumentException("no stack '" + stack + "'; measured: " + byStack.keySet());
        if (depth < 0 || depth >= r.length) throw new IllegalArgumentException("depth must be in [0, " + (r.length - 1) + "] but was " + depth);
        return r[depth];
    }

    /** res(X)/‖X‖ at depth 0..L for {@code stack}. */
    public double[] ratios(String stack) {
        ratio(stack, 0);
        return byStack.get(stack).clone();
    }

    /** Tidy rows {@code stack, depth, res_ratio}. */
    public Table table() {
        StringColumn stack = StringColumn.create("stack");
        IntColumn d = IntColumn.create("depth");
        DoubleColumn v = DoubleColumn.create(RankCollapse.RES_RATIO);
        byStack.forEach((s, r) -> {
            for (int k = 0; k < r.length; k++) {
                stack.append(s);
                d.append(k);
                v.append(r[k]);
            }
        });
        return Table.create("rank collapse at initialisation", stack, d, v);
    }

    /** One row per stack: res_ratio at depth 1, at the middle depth and at the deepest. */
    public Table summary() {
        int last = depth(), mid = Math.max(1, last / 2);
        StringColumn stack = StringColumn.create("stack");
        DoubleColumn one = DoubleColumn.create("depth 1"), half = DoubleColumn.create("depth " + mid), all = DoubleColumn.create("depth " + last);
        byStack.forEach((s, r) -> {
            stack.append(s);
            one.append(r[1]);
            half.append(r[mid]);
            all.append(r[last]);
        });
        return Table.create("res(X)/‖X‖ by depth", stack, one, half, all);
    }

    /** res(X)/‖X‖ against depth, one line per stack, log y (values below {@link #FLOOR} drawn at it). */
    public XYChart chart() {
        var plot = Plots.lossCurves().title("Rank collapse at initialisation: res(X)/‖X‖ after each layer")
                .xLabel("depth (layers)").yLabel("res(X) / ‖X‖  (log)").logY(true).markers(true);
        byStack.forEach((s, r) -> {
            double[] x = new double[r.length], y = new double[r.length];
            for (int k = 0; k < r.length; k++) {
                x[k] = k;
                y[k] = Math.max(FLOOR, r[k]);
            }
            plot.add(s, x, y);
        });
        return plot.build();
    }

    @Override
    public String toString() {
        return summary().print();
    }
}
