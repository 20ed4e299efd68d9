package org.residuallab.train;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.residuallab.data.Images;
import org.residuallab.data.Split;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;

/** Images are evaluated in small chunks (the batch size in a trainer), with the numbers of one big chunk. */
class EvaluatorChunksTest {
    @Test
    void chunksOfImagesGiveTheNumbersOfOneBigChunk() {
        Split digits = Images.digits(0.5, 1);
        Model m = Models.resnet(1).width(4).inputs(1, 8, 8).seed(1).build();
        double[] whole = Evaluator.evaluate(m, digits.test(), 4096), chunked = Evaluator.evaluate(m, digits.test());
        assertEquals(whole[0], chunked[0], 1e-6 * whole[0]);
        assertEquals(whole[1], chunked[1], 0);
        double[] odd = Evaluator.evaluate(m, digits.test(), 37);
        assertEquals(whole[1], odd[1], 0);
        assertThrows(IllegalArgumentException.class, () -> Evaluator.evaluate(m, digits.test(), 0));
    }

    @Test
    void aTrainerEvaluatesImagesWithoutGrowingTheLayersBuffers() {
        Split digits = Images.digits(0.5, 1);
        Model m = Models.resnet(1).width(4).inputs(1, 8, 8).seed(1).build();
        Trainer.of(TrainConfig.builder().steps(2).batchSize(32).learningRate(0.01).build()).fit(m, digits);
        long held = m.net().get(0).lastOutput().size(0);
        assertTrue(held <= 32, "after the final evaluation the stem's buffer holds at most a batch (32 images), not the "
                + digits.train().size() + " of the training set: " + held);
    }
}
