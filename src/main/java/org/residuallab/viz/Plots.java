package org.residuallab.viz;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.residuallab.experiment.DepthSignal;
import org.residuallab.experiment.LesionCurve;
import org.residuallab.experiment.PathGradients;
import org.residuallab.experiment.PathLengths;
import org.residuallab.experiment.SignalProfile;
import org.residuallab.experiment.TrainingCurves;
import org.residuallab.io.AtomicFiles;
import org.residuallab.train.TrainResult;
import tech.tablesaw.api.Table;

/**
 * Every chart of residual-lab starts here. A factory over tidy probe tables
 * ({@code run, model, depth, step, layer, layer_index, metric, value}) or plain series returns a builder
 * ({@code XxxPlot}: title, size, then {@code build()}, {@code toImage()} or {@code save(path)}); a factory over an
 * experiment's result returns the finished chart.
 * <pre>
 * XYChart c = Plots.gradientNormByLayer(probes).title("Sigmoid, depth 20").build();
 * Plots.save(c, Path.of("grad-norms.png"));
 * </pre>
 * Plain models are always vermillion and residual ones always blue ({@link Palette}).
 */
public final class Plots {
    private Plots() {}

    /** Gradient norm versus layer index, log y axis, one series per model: the signature plot. */
    public static GradientNormPlot gradientNormByLayer(Table probes) {
        return new GradientNormPlot(probes);
    }

    /** Layer × step heat map of log10 gradient norm, for one model. */
    public static HeatMapPlot gradientHeatMap(Table probes) {
        return new HeatMapPlot(probes);
    }

    /**
     * One weight-gradient heat map per model, all on the same colour scale so they can be compared,
     * e.g. in a {@link #panel}.
     */
    public static List<XYChart> gradientHeatMaps(Table probes, String metric) {
        HeatMapPlot all = new HeatMapPlot(probes).metric(metric);
        double[] range = all.log10Range();
        List<XYChart> out = new ArrayList<>();
        for (String m : all.models()) out.add(new HeatMapPlot(probes).metric(metric).model(m).range(range[0], range[1]).build());
        return out;
    }

    /**
     * {@link #gradientHeatMaps(Table, String)} with the stages marked on each map, from the units table of
     * the models' shared structure ({@code ProbeTables.units(model)}).
     */
    public static List<XYChart> gradientHeatMaps(Table probes, String metric, Table units) {
        HeatMapPlot all = new HeatMapPlot(probes).metric(metric);
        double[] range = all.log10Range();
        List<XYChart> out = new ArrayList<>();
        for (String m : all.models()) out.add(new HeatMapPlot(probes).metric(metric).model(m).range(range[0], range[1]).stages(units).build());
        return out;
    }

    /** Per-layer histograms as overlaid lines, from series added one by one. */
    public static HistogramPlot histograms() {
        return new HistogramPlot();
    }

    /**
     * Per-layer histograms as overlaid lines from a binned histogram table ({@code model, step, layer,
     * layer_index, kind, bin_lo, bin_hi, count}); choose {@code .model}, {@code .kind}, {@code .step}.
     */
    public static HistogramPlot histograms(Table histograms) {
        return new HistogramPlot(histograms);
    }

    /** log10 update-to-data ratio per layer over steps, with the −3 reference line. */
    public static UpdateRatioPlot updateRatio(Table probes) {
        return new UpdateRatioPlot(probes);
    }

    /** One metric (e.g. train_loss) over steps, one line per model, read from a tidy table. */
    public static CurvePlot curves(Table history, String metric) {
        return new CurvePlot().from(history, metric);
    }

    /** Training-loss curves from series added one by one. */
    public static CurvePlot lossCurves() {
        return new CurvePlot().yLabel("training loss").title("Training loss");
    }

    /** Accuracy curves from series added one by one. */
    public static CurvePlot accuracyCurves() {
        return new CurvePlot().yLabel("accuracy").title("Accuracy");
    }

    /** Final loss (or any metric) versus depth, plain versus residual, read from a tidy table. */
    public static DepthSweepPlot depthSweep(Table results, String metric) {
        return new DepthSweepPlot().from(results, metric);
    }

    /** Depth sweep from series added one by one. */
    public static DepthSweepPlot depthSweep() {
        return new DepthSweepPlot();
    }

    /** Test accuracy with each block removed, bars per model, from series added one by one. */
    public static LesionPlot lesion() {
        return new LesionPlot();
    }

    /** Lesion bars of every model in a lesion table (metric e.g. test_accuracy; layer_index −1 = intact). */
    public static LesionPlot lesion(Table lesions, String metric) {
        return new LesionPlot().from(lesions, metric);
    }

    /** One line per model over stream positions 0..L, log y. */
    public static XYChart signalByPosition(SignalProfile p, String metric, String title) {
        CurvePlot c = new CurvePlot().logY(true).markers(true).title(title).xLabel("position l (0 = first block's input, l = after block l)")
                .yLabel(signalLabel(metric));
        for (String m : p.models()) {
            double[] v = p.values(m, metric);
            c.add(m, positions(v.length), v);
        }
        return c.build();
    }

    /** One line per recipe over depth L, log y. */
    public static XYChart signalByDepth(DepthSignal.Result r, String metric, String title) {
        CurvePlot c = new CurvePlot().logY(true).markers(true).title(title).xLabel("depth L (blocks)").yLabel(signalLabel(metric));
        for (String l : r.labels()) c.add(l, r.depthAxis(), r.values(l, metric));
        return c.build();
    }

    /** Batch loss over steps, as a moving average over {@code window} steps, one line per run; log y. */
    public static XYChart trainingLoss(List<TrainResult> runs, int window, String title) {
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

    /** Several charts side by side in one image. */
    public static Panel panel(Chart<?, ?>... charts) {
        return Panel.of(charts);
    }

    /** The chart rendered at its own size. */
    public static BufferedImage toImage(Chart<?, ?> chart) {
        return ChartFiles.image(chart.getWidth(), chart.getHeight(), g -> chart.paint(g, chart.getWidth(), chart.getHeight()));
    }

    /** Writes the chart atomically as PNG or SVG, by the file's extension; creates missing folders; returns the absolute path. */
    public static Path save(Chart<?, ?> chart, Path file) {
        if (chart == null) throw new IllegalArgumentException("chart must not be null");
        byte[] bytes = ChartFiles.encode(file, chart.getWidth(), chart.getHeight(), g -> chart.paint(g, chart.getWidth(), chart.getHeight()));
        return AtomicFiles.write(file, bytes);
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

    private static String signalLabel(String metric) {
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
