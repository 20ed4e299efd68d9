package org.residuallab.nn.fast;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Convolutions in float32: the same numbers as {@link org.residuallab.nn.Im2col}'s matrix product, ten times
 * faster than a Java loop. On x86_64 {@link Dnnl} runs oneDNN's convolutions with buffers kept between steps;
 * elsewhere ND4J's conv2d and conv2d_bp operations run. Images are NCHW, filters (O, C, k, k).
 */
public final class Convolutions {
    private Convolutions() {}

    /** True when x is float32: the operations' fast path. */
    public static boolean fast(INDArray x) {
        return x.dataType() == DataType.FLOAT;
    }

    /**
     * What a convolution layer keeps from its forward for its backward: oneDNN's copy of x in its own layout,
     * which the filters' gradient reads again (one copy of x per layer, one reorder less per step).
     */
    public static final class Kept {
        org.bytedeco.javacpp.FloatPointer x;  // x in the forward's layout, or null
        String pass;                          // the geometry of the forward that wrote it; null: nothing to reuse

        /** After a forward that kept nothing (an evaluation's, or ND4J's): the next backward reorders x itself. */
        public void forget() {
            pass = null;
        }
    }

    /** y (B, O, OH, OW) = W ⋆ x + b, for x (B, C, H, W), W (O, C, k, k), b (1, O) or null; kept (or null) gets a copy of x. */
    public static void forward(INDArray x, INDArray w, INDArray b, INDArray y, int stride, int padding, Kept kept) {
        if (Dnnl.available() && Blas.isDense(x) && Blas.isDense(y)) {
            Dnnl.convForward(x, w, b, y, stride, padding, kept);
        } else {
            if (kept != null) kept.forget();
            nd4jForward(x, w, b, y, stride, padding);
        }
    }

    static void nd4jForward(INDArray x, INDArray w, INDArray b, INDArray y, int stride, int padding) {
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d");
        op = b == null ? op.addInputs(x, w) : op.addInputs(x, w, b.reshape(b.length()));
        Nd4j.exec(op.addOutputs(y).addIntegerArguments(args(w, stride, padding)).build());
    }

    /** dX = the input gradient; dW += the filters' gradient and db += the bias's (db may be null), after forward(x, ..., kept). */
    public static void backward(INDArray x, INDArray w, INDArray dOut, INDArray dX, INDArray dW, INDArray db, int stride, int padding,
                                Kept kept) {
        if (Dnnl.available() && Blas.isDense(x) && Blas.isDense(dOut) && Blas.isDense(dX)) {
            Dnnl.convBackward(x, w, dOut, dX, dW, db, stride, padding, kept);
        } else {
            nd4jBackward(x, w, dOut, dX, dW, db, stride, padding);
        }
    }

    static void nd4jBackward(INDArray x, INDArray w, INDArray dOut, INDArray dX, INDArray dW, INDArray db, int stride, int padding) {
        INDArray gW = Nd4j.createUninitialized(w.dataType(), w.shape());
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d_bp");
        if (db == null) {
            op = op.addInputs(x, w, dOut).addOutputs(dX, gW);
        } else {
            INDArray gB = Nd4j.createUninitialized(db.dataType(), db.length());
            op = op.addInputs(x, w, gB.like(), dOut).addOutputs(dX, gW, gB);
            Nd4j.exec(op.addIntegerArguments(args(w, stride, padding)).build());
            Blas.axpy(1, gB.reshape(db.shape()), db);
            Blas.axpy(1, gW, dW);
            return;
        }
        Nd4j.exec(op.addIntegerArguments(args(w, stride, padding)).build());
        Blas.axpy(1, gW, dW);
    }

    // kH, kW, sH, sW, pH, pW, dilation 1, 1, not "same" mode, NCHW, filters as (O, C, kH, kW)
    private static int[] args(INDArray w, int stride, int padding) {
        int k = (int) w.size(2);
        return new int[] {k, (int) w.size(3), stride, stride, padding, padding, 1, 1, 0, 0, 1};
    }
}
