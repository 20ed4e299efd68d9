package org.residuallab.experiment;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.residuallab.data.Datasets;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.train.TrainConfig;
import org.residuallab.train.TrainResult;
import org.residuallab.train.Trainer;

class TrainingCurvesTest {

    @Test
    void averagesTheLoggedBatchLosses() {
        Model m = Models.mlp(2, 8, "tanh", Init.lecun(), BlockKind.RESIDUAL).inputs(2).outputs(3).seed(1).build();
        TrainResult r = Trainer.of(TrainConfig.builder().steps(12).batchSize(16).optimizer("sgd").learningRate(0.1).build())
                .fit(m, Datasets.spirals(20, 3, 0.1, 1));
        double[] l = r.history().losses();
        assertEquals((l[0] + l[1] + l[2]) / 3, TrainingCurves.meanFirst(r, 3), 1e-12);
        assertEquals((l[10] + l[11]) / 2, TrainingCurves.meanLast(r, 2), 1e-12);
        double[] s = TrainingCurves.smoothed(r, 4);
        assertEquals(l[0], s[0], 1e-12);
        assertEquals((l[0] + l[1]) / 2, s[1], 1e-12);
        assertEquals((l[8] + l[9] + l[10] + l[11]) / 4, s[11], 1e-12);
        assertEquals(12, TrainingCurves.steps(r).length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingCurves.meanLast(r, 13));
        assertTrue(e.getMessage().contains("logged 12"), e.getMessage());
    }
}
