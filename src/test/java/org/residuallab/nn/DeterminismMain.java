package org.residuallab.nn;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains a small residual net (dropout and BatchNorm included) from one seed and prints each step's loss
 * as the hex bits of the double, one per line: {@code DeterminismMain <seed> <epochs>}. The seed sets
 * the initial weights, the dropout masks (through {@link Model#seed}) and the shuffling of the batches.
 */
public final class DeterminismMain {
    private DeterminismMain() {}

    static double[] losses(long seed, int epochs) {
        Sequential net = Sequential.of(new Dense(6, 16, Init.he()),
                ResidualBlock.of(new Dense(16, 16, Init.he()), new ReLU(), new Dropout(0.2), new Dense(16, 16, Init.he())).post(new ReLU()),
                Blocks.postActivation(16, Init.he()),
                new Dense(16, 3));
        Model m = Model.of("determinism", net).seed(seed);
        INDArray x = TestData.gaussian(99, 64, 6, DataType.FLOAT);
        int[] labels = new int[64];
        for (int i = 0; i < labels.length; i++) labels[i] = (x.getDouble(i, 0) + x.getDouble(i, 1) > 0 ? 1 : 0) + (x.getDouble(i, 2) > 0.5 ? 1 : 0);
        INDArray y = Loss.oneHot(labels, 3, DataType.FLOAT);
        Optimizer opt = Optimizer.adam(0.01);
        Random shuffle = new Random(seed);
        int batch = 16, steps = epochs * (64 / batch);
        double[] losses = new double[steps];
        int[] order = new int[64];
        for (int i = 0; i < order.length; i++) order[i] = i;
        for (int s = 0; s < steps; s++) {
            int start = (s * batch) % 64;
            if (start == 0) {
                for (int i = order.length - 1; i > 0; i--) {
                    int j = shuffle.nextInt(i + 1), t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
            }
            int[] rows = java.util.Arrays.copyOfRange(order, start, start + batch);
            losses[s] = m.lossAndBackward(x.getRows(rows), y.getRows(rows));
            opt.step(m.params());
        }
        return losses;
    }

    public static void main(String[] args) {
        for (double l : losses(Long.parseLong(args[0]), Integer.parseInt(args[1]))) {
            System.out.println(Long.toHexString(Double.doubleToRawLongBits(l)));
        }
    }
}
