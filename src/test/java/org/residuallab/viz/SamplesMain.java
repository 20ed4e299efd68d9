package org.residuallab.viz;

import java.nio.file.Path;
import java.util.Random;

import tech.tablesaw.api.Table;

/** Renders every plot into target/viz-samples (or the folder given) for eyeballing. */
public final class SamplesMain {
    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/viz-samples");
        Table t = RealProbeTable.record(12, 30);
        Plots.gradientNormByLayer(t).save(dir.resolve("grad-norms.png"));
        Plots.gradientNormByLayer(t).save(dir.resolve("grad-norms.svg"));
        HeatMap hp = Plots.gradientHeatMap(t).model("plain-sigmoid-d12").build();
        HeatMap hr = Plots.gradientHeatMap(t).model("residual-sigmoid-d12").build();
        Plots.save(hp, dir.resolve("heat-plain.png"));
        Plots.panel(hp, hr).title("Where gradients vanish").save(dir.resolve("heat-panel.png"));
        Plots.panel(hp, hr).title("Where gradients vanish").save(dir.resolve("heat-panel.svg"));
        Plots.updateRatio(t).model("residual-sigmoid-d12").save(dir.resolve("update-ratio.png"));
        Plots.curves(t, "train_loss").reference(Math.log(3), "chance ln 3").logY(true).save(dir.resolve("loss.png"));
        Random r = new Random(1);
        HistogramPlot h = Plots.histograms().model("plain-tanh-d6");
        for (int l = 0; l < 6; l++) {
            double[] v = new double[2000];
            double scale = 2.5 / (l + 1);
            for (int i = 0; i < v.length; i++) v[i] = Math.tanh(scale * r.nextGaussian());
            h.addValues("layer " + (l + 1), v);
        }
        h.save(dir.resolve("histograms.png"));
        Plots.histograms(RealProbeTable.histograms).model("plain-sigmoid-d12").save(dir.resolve("histograms-table.png"));
        Plots.panel(Plots.gradientHeatMaps(t, Metrics.WEIGHT_GRAD_NORM).toArray(new org.knowm.xchart.internal.chartpart.Chart<?, ?>[0]))
            .save(dir.resolve("heat-shared.png"));
        Plots.lesion().add("plain-sigmoid-d12", RealProbeTable.LESIONED.get("plain-sigmoid-d12"), RealProbeTable.INTACT.get("plain-sigmoid-d12"))
            .add("residual-sigmoid-d12", RealProbeTable.LESIONED.get("residual-sigmoid-d12"), RealProbeTable.INTACT.get("residual-sigmoid-d12"))
            .chance(1 / 3.0).save(dir.resolve("lesion.png"));
        DepthSweepPlot sweep = Plots.depthSweep(sweepTable(), "train_loss").reference(Math.log(3), "chance ln 3");
        sweep.save(dir.resolve("sweep.png"));
        System.out.println("wrote " + dir.toAbsolutePath());
    }

    private static Table sweepTable() {
        Table all = null;
        for (int d : new int[] {1, 3, 6, 10}) {
            Table t = RealProbeTable.record(d, 20);
            Table last = t.where(t.stringColumn("metric").isEqualTo("train_loss").and(t.intColumn("step").isEqualTo(19)));
            all = all == null ? last : all.append(last);
        }
        return all;
    }
}
