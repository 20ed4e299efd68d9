package org.residuallab.lesson;

import java.util.Locale;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.Blocks;
import org.residuallab.nn.Init;
import org.residuallab.nn.ResidualBlock;
import org.residuallab.nn.Shapes;

/**
 * Small float64 arrays and blocks to read by eye: the lesson's block at width 4, seeded Gaussian
 * batches, and matrices printed with aligned decimals.
 * <pre>ResidualBlock b = Tiny.kerasBlock(4, 1);
 * INDArray x = Tiny.gaussian(3, 4, 2);
 * System.out.println(Tiny.show(b.forward(x)));</pre>
 */
public final class Tiny {
    private Tiny() {}

    /** The lesson's Keras block (Dense+ReLU → BN → Dense → BN → Add → ReLU) of {@code width}, Glorot-uniform weights from {@code seed}, float64. */
    public static ResidualBlock kerasBlock(int width, long seed) {
        ResidualBlock b = Blocks.postActivation(width, Init.glorotUniform());
        b.castTo(DataType.DOUBLE);
        b.init(new Random(seed));
        return b;
    }

    /** (rows, cols) of N(0, 1), float64, from {@code seed}. */
    public static INDArray gaussian(int rows, int cols, long seed) {
        Shapes.require(rows >= 1 && cols >= 1, "shape", rows + "x" + cols, "at least 1 x 1");
        Random rng = new Random(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = rng.nextGaussian();
        return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE);
    }

    /** A matrix with 4 decimals, columns aligned, one row per line. */
    public static String show(INDArray a) {
        return show(a, 4);
    }

    /** A matrix with {@code decimals} decimals, columns aligned, one row per line. */
    public static String show(INDArray a, int decimals) {
        if (a == null) throw new IllegalArgumentException("show: the array is null");
        if (a.rank() != 2) throw new IllegalArgumentException("show needs a matrix but got shape " + Shapes.str(a.shape()));
        long rows = a.rows(), cols = a.columns();
        String[][] cells = new String[(int) rows][(int) cols];
        int w = 1;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double v = a.getDouble(i, j);
                cells[i][j] = String.format(Locale.ROOT, "%." + decimals + "f", v == 0 ? 0.0 : v); // no "-0.0000"
                if (cells[i][j].matches("-0\\.0+")) cells[i][j] = cells[i][j].substring(1);
                w = Math.max(w, cells[i][j].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            sb.append(i == 0 ? "[[" : " [");
            for (int j = 0; j < cols; j++) sb.append(String.format("%" + (w + (j == 0 ? 0 : 1)) + "s", cells[i][j]));
            sb.append(i == rows - 1 ? "]]" : "]\n");
        }
        return sb.toString();
    }
}
