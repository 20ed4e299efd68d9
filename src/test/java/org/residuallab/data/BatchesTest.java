package org.residuallab.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class BatchesTest {
    private final Dataset data = Datasets.spirals(10, 3, 0.1, 1);

    @Test
    void sameSeedGivesTheSameBatchOrder() {
        Batches a = data.batches(7, 3), b = data.batches(7, 3), c = data.batches(7, 4);
        boolean differs = false;
        for (int i = 0; i < 10; i++) {
            Batches.Batch x = a.next(), y = b.next(), z = c.next();
            assertEquals(x.x(), y.x());
            assertEquals(x.y(), y.y());
            differs |= !x.x().equals(z.x());
        }
        assertTrue(differs, "another seed gives another order");
    }

    @Test
    void eachEpochVisitsEveryExampleOnce() {
        Batches b = data.batches(7, 1);
        assertEquals(5, b.perEpoch());
        for (int epoch = 0; epoch < 2; epoch++) {
            Set<INDArray> seen = new HashSet<>();
            int n = 0;
            for (int i = 0; i < b.perEpoch(); i++) {
                Batches.Batch batch = b.next();
                assertEquals(epoch, batch.epoch());
                for (int r = 0; r < batch.size(); r++) seen.add(batch.x().getRow(r).dup());
                n += batch.size();
            }
            assertEquals(30, n);
            assertEquals(30, seen.size());
        }
    }

    @Test
    void aBatchAsLargeAsTheDataIsTheFullBatch() {
        Batches b = data.batches(1000, 1);
        assertEquals(30, b.batchSize());
        assertEquals(30, b.next().size());
    }
}
