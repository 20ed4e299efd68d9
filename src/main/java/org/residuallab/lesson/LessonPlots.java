package org.residuallab.lesson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.residuallab.probe.ProbeMetrics;
import org.residuallab.probe.ProbeTables;
import org.residuallab.viz.CurvePlot;
import org.residuallab.viz.DepthSweepPlot;
import org.residuallab.viz.Panel;
import org.residuallab.viz.Plots;
import tech.tablesaw.api.Table;

/**
 * The charts of the vanishing-gradient lesson, composed from {@link Plots}: a grid's gradient-by-layer
 * curves and its ratios by depth, one chart per activation and one line per initialisation, and the
 * three profiles of one net that explain Glorot and Bengio's Fig. 7–8.
 * <pre>LessonPlots.byLayer(grid, 20).toImage()</pre>
 */
public final class LessonPlots {
    private static final int W = 500, H = 360;

    private LessonPlots() {}

    /**
     * Two rows (back-propagated ‖dL/dh‖, weight ‖dL/dW‖) × one column per activation, at {@code depth}: log10 of
     * the norm against layer index, one line per init. log10 on a linear axis keeps 80 decades readable.
     */
    public static Panel byLayer(InitGridResult grid, int depth) {
        List<String> acts = activations(grid);
        List<XYChart> charts = new ArrayList<>();
        for (String metric : List.of(ProbeMetrics.OUT_GRAD_L2, ProbeMetrics.WEIGHT_GRAD_L2)) {
            String norm = metric.equals(ProbeMetrics.OUT_GRAD_L2) ? "‖dL/dh‖" : "‖dL/dW‖";
            for (String act : acts) {
                CurvePlot p = Plots.lossCurves().title(act + ", " + depth + " blocks: " + norm).xLabel("layer index (input → output)")
                        .yLabel("log10 " + norm).markers(true).size(W, H);
                int n = 0;
                for (InitGridResult.Cell c : grid.cells()) {
                    if (!c.activation().equals(act) || c.depth() != depth) continue;
                    p.add(c.init(), log10(c.byLayer(metric), c.model() + " " + metric));
                    n++;
                }
                if (n == 0) throw new IllegalArgumentException("no " + act + " cells of depth " + depth + " in this grid");
                charts.add(p.build());
            }
        }
        return Panel.of(charts).columns(acts.size());
    }

    /** Two rows (block 1 ÷ last block of ‖dL/dh‖, of ‖dL/dW‖) × one column per activation: log10 of the ratio against depth. */
    public static Panel ratiosByDepth(InitGridResult grid) {
        List<String> acts = activations(grid);
        List<XYChart> charts = new ArrayList<>();
        for (String metric : List.of(ProbeMetrics.OUT_GRAD_L2, ProbeMetrics.WEIGHT_GRAD_L2)) {
            String norm = metric.equals(ProbeMetrics.OUT_GRAD_L2) ? "‖dL/dh‖" : "‖dL/dW‖";
            for (String act : acts) {
                DepthSweepPlot p = Plots.depthSweep().title(act + ": " + norm + ", block 1 ÷ last block")
                        .yLabel("log10 ratio (0 = level)").reference(0, "level").size(W, H);
                Map<String, List<InitGridResult.Cell>> byInit = new LinkedHashMap<>();
                for (InitGridResult.Cell c : grid.cells()) if (c.activation().equals(act)) byInit.computeIfAbsent(c.init(), k -> new ArrayList<>()).add(c);
                for (Map.Entry<String, List<InitGridResult.Cell>> e : byInit.entrySet()) {
                    double[] d = new double[e.getValue().size()], r = new double[d.length];
                    for (int i = 0; i < d.length; i++) {
                        InitGridResult.Cell c = e.getValue().get(i);
                        d[i] = c.depth();
                        r[i] = c.ratio(metric);
                    }
                    p.add(e.getKey(), d, log10(r, act + "-" + e.getKey() + " ratios"));
                }
                charts.add(p.build());
            }
        }
        return Panel.of(charts).columns(acts.size());
    }

    static double[] log10(double[] v, String what) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] > 0) || Double.isInfinite(v[i])) throw new IllegalArgumentException(what + ": value " + i + " is " + v[i] + "; log10 needs a positive finite number");
            out[i] = Math.log10(v[i]);
        }
        return out;
    }

    /**
     * One net's three profiles by layer index, log y: the back-propagated ‖dL/dh‖, the weight gradient
     * ‖dL/dW‖ and the std of each unit's output h (the activations the next weight gradient multiplies).
     */
    public static XYChart profile(Table probes, String model) {
        var plot = Plots.lossCurves().title(model + " at initialisation").xLabel("layer index (input → output)")
                .yLabel("size (log scale)").logY(true).markers(true).size(620, 420);
        plot.add("back-propagated ‖dL/dh‖", values(probes, model, ProbeMetrics.OUT_GRAD_L2));
        plot.add("weight gradient ‖dL/dW‖", values(probes, model, ProbeMetrics.WEIGHT_GRAD_L2));
        plot.add("std of the layer's output h", values(probes, model, ProbeMetrics.OUT_STD));
        return plot.build();
    }

    /**
     * He et al. 2016 Eq. 5 by block, log y: a residual stack's ‖dL/dx_l‖ with its two parts (the top gradient,
     * the same at every block, and the sum of the branch gradients above l), and the plain twin's ‖dL/dx_l‖.
     */
    public static XYChart eq5(GradientDecomposition residual, double[] plain) {
        if (plain.length != residual.total().length) {
            throw new IllegalArgumentException("the plain twin has " + plain.length + " blocks but the residual net " + residual.total().length);
        }
        double[] blocks = residual.blockNumbers();
        return Plots.lossCurves().title("Gradient reaching each block's input").xLabel("block l (input → output)")
                .yLabel("norm (log scale)").logY(true).markers(true).size(900, 460)
                .add("residual: ‖dL/dx_l‖", blocks, residual.total())
                .add("residual: top gradient ‖dL/dx_L‖ (the 1 of Eq. 5)", blocks, residual.direct())
                .add("residual: ‖Σ branch gradients, blocks l to L‖", blocks, residual.branches())
                .add("plain twin: ‖dL/dx_l‖", blocks, plain)
                .build();
    }

    /** A unit metric at every layer index 0..depth+1 (stem, blocks, head), input side first. */
    static double[] values(Table probes, String model, String metric) {
        Table t = ProbeTables.byLayer(probes, model, metric, 0);
        if (t.rowCount() == 0) throw new IllegalArgumentException("no '" + metric + "' rows for model '" + model + "' at step 0");
        return t.doubleColumn("value").asDoubleArray();
    }

    private static List<String> activations(InitGridResult grid) {
        List<String> acts = new ArrayList<>();
        for (InitGridResult.Cell c : grid.cells()) if (!acts.contains(c.activation())) acts.add(c.activation());
        return acts;
    }
}
