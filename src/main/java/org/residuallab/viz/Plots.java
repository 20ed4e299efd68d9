package org.residuallab.viz;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.internal.chartpart.Chart;
import org.residuallab.io.AtomicFiles;
import tech.tablesaw.api.Table;

/**
 * The charts of residual-lab, as static factories of fluent builders over tidy probe tables
 * ({@code run, model, depth, step, layer, layer_index, metric, value}) or plain series.
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
    public static List<HeatMap> gradientHeatMaps(Table probes, String metric) {
        HeatMapPlot all = new HeatMapPlot(probes).metric(metric);
        double[] range = all.log10Range();
        List<HeatMap> out = new ArrayList<>();
        for (String m : all.models()) out.add(new HeatMapPlot(probes).metric(metric).model(m).range(range[0], range[1]).build());
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
}
