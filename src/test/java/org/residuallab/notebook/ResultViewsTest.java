package org.residuallab.notebook;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.residuallab.data.Dataset;
import org.residuallab.data.Datasets;
import org.residuallab.data.Split;
import org.residuallab.experiment.Compare;
import org.residuallab.experiment.CompareResult;
import org.residuallab.experiment.DepthSweep;
import org.residuallab.experiment.Lesion;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Models;
import org.residuallab.probe.Probes;
import org.residuallab.train.TrainConfig;

/** Each experiment result shows as its key chart and a small table, through Lab's registered views. */
class ResultViewsTest {
    private static final Split DATA = Split.of(Datasets.spirals(20, 3, 0.1, 1), 0.25, 1);
    private static final TrainConfig FEW_STEPS = TrainConfig.builder().steps(6).batchSize(16).learningRate(0.1).seed(1).build();
    private static CompareResult compare;

    @BeforeAll
    static void run() {
        compare = Compare.plainVsResidual(Models.mlp(3, 8, "tanh", Init.glorotUniform(), BlockKind.RESIDUAL).seed(1))
                .data(DATA).config(FEW_STEPS).probes(Probes.gradients()).name("tiny").run();
    }

    private static void assertShows(View v, String... inHtml) {
        assertTrue(v.hasImage(), "no key chart");
        for (String s : inHtml) assertTrue(v.html().contains(s), "missing '" + s + "' in " + v.html());
    }

    @Test
    void aComparisonShowsItsLossCurvesAndFinalNumbers() {
        assertShows(Lab.viewOf(compare), "Compare &#39;tiny&#39;", "final_train_loss", "final_test_accuracy", "grad_ratio_first_to_last", "completed");
    }

    @Test
    void aDepthSweepShowsFinalLossByDepth() {
        Dataset train = DATA.train();
        assertShows(Lab.viewOf(DepthSweep.over(1, 2).width(8).activation("tanh").data(train).config(FEW_STEPS).run()),
                "Depth sweep", "final_train_loss", "4 rows × 4 columns");
    }

    @Test
    void aLesionStudyShowsAccuracyWithEachBlockRemoved() {
        assertShows(Lab.viewOf(Lesion.of(compare.models()).data(DATA.test()).run()), "Lesion study: test accuracy", "worst_lesion", "2 rows × 4 columns");
    }
}
