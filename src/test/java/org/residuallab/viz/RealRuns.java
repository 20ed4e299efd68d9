package org.residuallab.viz;

import org.residuallab.data.Datasets;
import org.residuallab.data.Split;
import org.residuallab.experiment.Compare;
import org.residuallab.experiment.CompareResult;
import org.residuallab.experiment.Lesion;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Models;
import org.residuallab.probe.Probes;
import org.residuallab.train.TrainConfig;
import tech.tablesaw.api.Table;

/**
 * Small real tables for plot tests: a plain and a residual sigmoid MLP trained side by side on 3-class
 * spirals with every probe attached, and their lesion study on the test split.
 */
final class RealRuns {
    final CompareResult compare;
    final Table probes, histograms, curves, lesions;

    RealRuns(int depth, int steps) {
        Split data = Datasets.spirals(40, 3, 0.1, 1).split(0.25, 1);
        compare = Compare.plainVsResidual(Models.mlp(depth, 12, "sigmoid", Init.glorotUniform(), BlockKind.RESIDUAL).seed(1))
            .data(data)
            .probes(Probes.all())
            .config(TrainConfig.builder().steps(steps).batchSize(32).optimizer("momentum").learningRate(0.1).seed(1).build())
            .run();
        probes = compare.probes();
        histograms = compare.histograms();
        curves = compare.curves();
        lesions = Lesion.of(compare.models()).data(data.test()).run().table();
    }

    String plain() {
        return compare.models().get(0).name();
    }

    String residual() {
        return compare.models().get(1).name();
    }
}
