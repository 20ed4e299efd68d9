package org.residuallab.check;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.Shapes;

/**
 * Test inputs: seeded float64 batches whose entries stay at least 0.1 away from 0, where ReLU has its kink.
 * <pre>INDArray x = Inputs.batch(4, 3);          // (4, 3): 4 examples of 3 features
 * INDArray images = Inputs.batch(2, 1, 8, 8); // (2, 1, 8, 8)</pre>
 */
public final class Inputs {
    private Inputs() {}

    /** A batch (batch, ...example) of N(0, 1) draws pushed 0.1 away from 0, seed 1. */
    public static INDArray batch(int batch, long... example) {
        return seeded(1, batch, example);
    }

    /** The same with another seed: {@code Inputs.seeded(7, 4, 3)}. */
    public static INDArray seeded(long seed, int batch, long... example) {
        if (batch < 1) throw new IllegalArgumentException("Inputs.batch: the batch size must be at least 1 but was " + batch);
        for (long d : example) {
            if (d < 1) throw new IllegalArgumentException("Inputs.batch: every axis of the example shape must be at least 1 but got " + Shapes.str(example));
        }
        long[] shape = new long[example.length + 1];
        shape[0] = batch;
        System.arraycopy(example, 0, shape, 1, example.length);
        return gaussian(new Random(seed), shape, 0.1);
    }

    /** N(0, 1) draws of this shape, each pushed {@code away} from 0, in float64. */
    static INDArray gaussian(Random rng, long[] shape, double away) {
        double[] v = new double[Math.toIntExact(Shapes.size(shape))];
        for (int i = 0; i < v.length; i++) {
            double g = rng.nextGaussian();
            v[i] = g >= 0 ? g + away : g - away;
        }
        return Nd4j.create(v, shape, DataType.DOUBLE);
    }
}
