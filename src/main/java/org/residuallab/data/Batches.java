package org.residuallab.data;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Shapes;

/**
 * Seeded mini-batches over a dataset: each epoch is a fresh shuffle from one generator, so the same
 * seed gives the same batch order for every model (what a fair comparison needs). The last batch of an
 * epoch may be smaller. A batch size of at least N gives full-batch training.
 * <pre>Batches b = train.batches(32, 7);
 * Batch first = b.next();   // x (32, d), y (32, K)</pre>
 */
public final class Batches {
    private final Dataset data;
    private final int batchSize;
    private final Random rng;
    private final int[] order;
    private int position;
    private int epoch = -1;

    /** One mini-batch: features x (B, d) (or (B, ...)) and targets y (B, K), (B, m) or, one per position, (B, T). */
    public record Batch(INDArray x, INDArray y, int epoch) {
        public int size() { return (int) x.size(0); }
    }

    Batches(Dataset data, int batchSize, long seed) {
        Shapes.require(batchSize >= 1, "batch size", batchSize, ">= 1");
        if (data.size() == 0) throw new IllegalArgumentException("dataset '" + data.name() + "' is empty: nothing to batch");
        this.data = data;
        this.batchSize = Math.min(batchSize, data.size());
        this.rng = new Random(seed);
        this.order = new int[data.size()];
        this.position = order.length; // the first next() starts epoch 0
    }

    /** The next batch, starting a newly shuffled epoch when the current one is used up. */
    public Batch next() {
        if (position >= order.length) {
            for (int i = 0; i < order.length; i++) order[i] = i;
            Split.shuffle(order, rng);
            position = 0;
            epoch++;
        }
        int n = Math.min(batchSize, order.length - position);
        int[] rows = new int[n];
        System.arraycopy(order, position, rows, 0, n);
        position += n;
        INDArray x = n == order.length ? data.features() : Dataset.pick(data.features(), rows);
        INDArray y = n == order.length ? data.targets() : Dataset.pick(data.targets(), rows);
        return new Batch(x, y, epoch);
    }

    /** Batches per epoch: ceil(N / batch size). */
    public int perEpoch() {
        return (order.length + batchSize - 1) / batchSize;
    }

    /** The effective batch size (at most N). */
    public int batchSize() {
        return batchSize;
    }
}
