package org.residuallab.viz;

import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.residuallab.experiment.DepthSignal;
import org.residuallab.experiment.LesionCurve;
import org.residuallab.experiment.PathGradients;
import org.residuallab.experiment.PathLengths;
import org.residuallab.experiment.SignalProfile;
import org.residuallab.experiment.TrainingCurves;
import org.residuallab.train.TrainResult;

/**
 * Charts for what happens inside and across residual blocks: signal by position and by depth, training
 * curves, path lengths and their gradients (Veit et al. 2016, Fig. 6), and accuracy as blocks are removed
 * (Fig. 5a). Each returns a finished chart; {@link #prediction} overlays a dashed theoretical curve.
 * <pre>XYChart c = SignalPlots.byPosition(profile, SignalProfile.ACTIVATION_STD, "Activation std, depth 32");</pre>
 */
public final class SignalPlots {
    private SignalPlots() {}

    /** One line per model over stream positions 0..L, log y. */
    public static XYChart byPosition(SignalProfile p, String metric, String title) {
        CurvePlot c = new CurvePlot().logY(true).markers(true).title(title).xLabel("position l (0 = first block's input, l = after block l)")
                .yLabel(label(metric));
        for (String m : p.models()) {
            double[] v = p.values(m, metric);
            c.add(m, positions(v.length), v);
        }
        return c.build();
    }

    /** One line per recipe over depth L, log y. */
    public static XYChart byDepth(DepthSignal.Result r, String metric, String title) {
        CurvePlot c = new CurvePlot().logY(true).markers(true).title(title).xLabel("depth L (blocks)").yLabel(label(metric));
        for (String l : r.labels()) c.add(l, r.depthAxis(), r.values(l, metric));
        return c.build();
    }

    /** Batch loss over steps, as a moving average over {@code window} steps, one line per run; log y. */
    public static XYChart training(List<TrainResult> runs, int window, String title) {
        CurvePlot c = new CurvePlot().logY(true).title(title).xLabel("step").yLabel("batch loss (moving average of " + window + ")");
        for (TrainResult r : runs) {
            if (r.history().size() == 0) continue;
            c.add(r.model(), TrainingCurves.steps(r), TrainingCurves.smoothed(r, window));
        }
        return c.build();
    }

    /** Mean test accuracy against the number of blocks removed, one line per model, with chance as a reference. */
    public static XYChart lesionCurve(LesionCurve.Result r, List<String> models, double chance) {
        CurvePlot c = new CurvePlot().markers(true).title("Removing k blocks at once (" + r.data() + ")").xLabel("blocks removed, k")
                .yLabel("mean test accuracy").reference(chance, "chance");
        for (String m : models) c.add(m, r.removedCounts(m), r.accuracies(m));
        XYChart chart = c.build();
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        return chart;
    }

    /**
     * Veit et al. 2016, Fig. 6 in miniature: (a) how many paths have each length, (b) the mean gradient one path
     * of that length carries to the first block (log y), (c) their product: the gradient all such paths carry.
     */
    public static Panel pathGradients(PathGradients.Result r) {
        int n = r.blocks();
        int[] ks = r.lengths();
        double[] x = new double[ks.length], per = new double[ks.length], total = new double[ks.length];
        for (int i = 0; i < ks.length; i++) {
            x[i] = ks[i];
            per[i] = r.meanNorm(ks[i]);
            total[i] = r.total(ks[i]);
        }
        long[] counts = PathLengths.counts(n);
        double[] all = positions(n + 1), count = new double[n + 1];
        for (int k = 0; k <= n; k++) count[k] = counts[k];
        XYChart a = small("(a) paths of each length", "number of paths").add("paths", all, count).build();
        XYChart b = small("(b) gradient of one path", "mean ‖dL/dx₀‖ per path").logY(true).add("per path", x, per).build();
        XYChart c = small("(c) gradient of all paths", "C(n,k) × mean ‖dL/dx₀‖").add("all paths", x, total).build();
        for (XYChart chart : List.of(a, b, c)) chart.getStyler().setLegendVisible(false);
        return Panel.of(a, b, c).title(n + " residual blocks: which paths carry the gradient?");
    }

    /** Adds a dashed grey curve (a prediction, e.g. 0.5^L) to a finished chart. */
    public static XYChart prediction(XYChart chart, String label, double[] x, double[] y) {
        Series.check("prediction '" + label + "'", x, y);
        XYSeries s = chart.addSeries(label, x, y);
        s.setLineColor(java.awt.Color.GRAY);
        s.setLineStyle(SeriesLook.REFERENCE);
        s.setMarker(SeriesMarkers.NONE);
        return chart;
    }

    private static CurvePlot small(String title, String yLabel) {
        CurvePlot c = new CurvePlot().markers(true).title(title).xLabel("path length k (branches passed)").yLabel(yLabel);
        c.size(420, 340);
        return c;
    }

    private static double[] positions(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = i;
        return x;
    }

    private static String label(String metric) {
        switch (metric) {
            case DepthSignal.GRADIENT: return "‖dL/dx₀‖ ÷ ‖dL/dx_L‖";
            case DepthSignal.SKIP_PATH: return "skip-only path: ‖dL/dx₀‖ ÷ ‖dL/dx_L‖";
            case DepthSignal.ACTIVATIONS: return "std(x_L) ÷ std(x₀)";
            case SignalProfile.ACTIVATION_STD: return "activation std, std(x_l)";
            case SignalProfile.BACKPROP: return "gradient norm ‖dL/dx_l‖";
            case SignalProfile.CHANGE: return "‖x_l − x_(l−1)‖ ÷ ‖x_(l−1)‖";
            default: return Metrics.label(metric);
        }
    }
}
