package org.residuallab.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Reuses a layer's buffer while the shape and type stay the same, so a training loop allocates nothing per step. */
final class Buffers {
    private Buffers() {}

    static INDArray reuse(INDArray buf, DataType type, long rows, long cols) {
        if (buf != null && buf.dataType() == type && buf.rows() == rows && buf.columns() == cols) return buf;
        return Nd4j.createUninitialized(type, rows, cols);
    }

    static INDArray like(INDArray buf, INDArray shapeOf) {
        return reuse(buf, shapeOf.dataType(), shapeOf.rows(), shapeOf.columns());
    }
}
