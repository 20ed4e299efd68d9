package org.residuallab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.data.Dataset;
import org.residuallab.data.SequenceTasks;
import org.residuallab.data.Split;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.nn.TransformerBlock.Variant;

/** The trainer and the evaluator on sequences with a label per position. */
class SequenceTrainingTest {

    @Test
    void aSmallTransformerLearnsToReverseDigits() {
        Split data = SequenceTasks.reverse(600, 3, 1).split(0.2, 1);
        Model m = Models.transformer(2, 32, 4, 11, 6, Variant.PRE_LN).seed(1);
        TrainResult r = Trainer.of(TrainConfig.builder().steps(400).batchSize(32).optimizer("adam").learningRate(3e-3).seed(2).build())
                .fit(m, data);
        assertEquals(TrainResult.Status.COMPLETED, r.status(), r.message());
        assertTrue(r.finalTestAccuracy().orElseThrow() > 0.9, r.toString());
    }

    @Test
    void accuracyIsPerPositionAndSkipsIgnoredOnes() {
        Dataset d = SequenceTasks.copy(4, 2, 3);
        Model m = Models.transformer(1, 8, 2, 11, 4, Variant.PRE_LN);
        double[] lossAndAccuracy = Evaluator.evaluate(m, d);
        INDArray out = m.predict(d.features());
        int[] labels = d.labels();
        int correct = 0, counted = 0;
        INDArray best = Nd4j.argMax(out.reshape(16, 11), 1);
        for (int i = 0; i < 16; i++) {
            if (labels[i] < 0) continue;
            counted++;
            if (best.getInt(i) == labels[i]) correct++;
        }
        assertEquals(8, counted, "two answer positions in each of 4 sequences");
        assertEquals((double) correct / counted, lossAndAccuracy[1], 0.0);
        assertEquals(m.evaluateLoss(d.features(), d.targets()), lossAndAccuracy[0], 1e-6);
    }

    @Test
    void dataOfAnotherVocabularyIsANamedError() {
        Dataset d = SequenceTasks.modularAddition(5);
        Model m = Models.transformer(1, 8, 2, 11, 4, Variant.PRE_LN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Evaluator.evaluate(m, d));
        assertTrue(e.getMessage().contains("outputs 11") && e.getMessage().contains("needs 7"), e.getMessage());
        Model shortContext = Models.transformer(1, 8, 2, 7, 3, Variant.PRE_LN);
        e = assertThrows(IllegalArgumentException.class, () -> Evaluator.evaluate(shortContext, d));
        assertTrue(e.getMessage().contains("(4)"), e.getMessage());
    }
}
