package org.residuallab.nn.fast;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Reuses a layer's buffer while the shape and type stay the same, so a training loop allocates nothing per step. */
public final class Buffers {
    private Buffers() {}

    /** {@code buf} if it is a (rows, cols) array of {@code type}, else a new one (its values are not set). */
    public static INDArray reuse(INDArray buf, DataType type, long rows, long cols) {
        if (buf != null && buf.rank() == 2 && buf.dataType() == type && buf.rows() == rows && buf.columns() == cols) return buf;
        return Nd4j.createUninitialized(type, rows, cols);
    }

    /** {@code buf} if it has {@code shapeOf}'s shape and type, else a new array like it (values not set). */
    public static INDArray like(INDArray buf, INDArray shapeOf) {
        if (buf != null && buf.dataType() == shapeOf.dataType() && buf.equalShapes(shapeOf)) return buf;
        return Nd4j.createUninitialized(shapeOf.dataType(), shapeOf.shape());
    }

    /** {@code buf} if it has this shape and type, else a new array (values not set). */
    public static INDArray reuse(INDArray buf, DataType type, long... shape) {
        if (buf != null && buf.dataType() == type && java.util.Arrays.equals(buf.shape(), shape)) return buf;
        return Nd4j.createUninitialized(type, shape);
    }

    /** x (..., last) as a matrix of rows (N, last): x itself when it is a matrix, else a row-major view (or copy). */
    public static INDArray rows(INDArray x, long last) {
        return x.rank() == 2 ? x : x.reshape('c', x.length() / last, last);
    }

    /** The rows (N, last) shaped like {@code like} (..., any) with its last axis {@code last} wide: a view. */
    public static INDArray shaped(INDArray rows, INDArray like, long last) {
        if (like.rank() == 2) return rows;
        long[] shape = like.shape().clone();
        shape[shape.length - 1] = last;
        return rows.reshape('c', shape);
    }
}
