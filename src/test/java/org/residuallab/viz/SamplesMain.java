package org.residuallab.viz;

import java.nio.file.Path;
import org.residuallab.data.Datasets;
import org.residuallab.experiment.DepthSweep;
import org.residuallab.nn.Init;
import org.residuallab.train.TrainConfig;

/** Renders every plot from real runs into target/viz-samples (or the folder given), for eyeballing. */
public final class SamplesMain {
    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/viz-samples");
        RealRuns r = new RealRuns(12, 60);
        Plots.gradientNormByLayer(r.probes).save(dir.resolve("grad-norms.png"));
        Plots.gradientNormByLayer(r.probes).metric(Metrics.OUTPUT_GRAD_NORM).save(dir.resolve("out-grad-norms.svg"));
        Plots.panel(Plots.gradientHeatMaps(r.probes, Metrics.WEIGHT_GRAD_NORM).toArray(new org.knowm.xchart.internal.chartpart.Chart<?, ?>[0]))
            .title("Where gradients vanish").save(dir.resolve("heat-panel.png"));
        Plots.updateRatio(r.probes).model(r.residual()).save(dir.resolve("update-ratio.png"));
        Plots.curves(r.curves, "batch_loss").reference(Math.log(3), "chance ln 3").save(dir.resolve("loss.png"));
        Plots.curves(r.curves, "test_accuracy").save(dir.resolve("test-accuracy.png"));
        Plots.histograms(r.histograms).model(r.plain()).stats(r.probes).save(dir.resolve("histograms.png"));
        Plots.histograms(r.histograms).model(r.plain()).kind("out_grad").save(dir.resolve("histograms-grad.png"));
        Plots.lesion(r.lesions, "test_accuracy").chance(1 / 3.0).save(dir.resolve("lesion.png"));
        var sweep = DepthSweep.over(2, 6, 12).width(12).activation("sigmoid").init(Init.glorotUniform()).seed(1)
            .data(Datasets.spirals(40, 3, 0.1, 1))
            .config(TrainConfig.builder().steps(60).batchSize(32).optimizer("momentum").learningRate(0.1).seed(1).build()).run();
        Plots.depthSweep(sweep.table(), "final_train_loss").reference(Math.log(3), "chance ln 3").save(dir.resolve("sweep.png"));
        System.out.println("wrote " + dir.toAbsolutePath());
    }
}
