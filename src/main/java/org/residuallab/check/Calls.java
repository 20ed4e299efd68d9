package org.residuallab.check;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Shapes;

/** Calls a student's forward and backward and turns what can go wrong (an exception, null, a wrong shape) into words. */
final class Calls {
    private Calls() {}

    /** Thrown by these calls; a check turns it into a failed {@link Check}. */
    static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message, null, false, false);
        }
    }

    /** layer.forward(x), which must return a batch of the shape its outputShape promises. */
    static INDArray forward(Layer layer, INDArray x) {
        INDArray out;
        try {
            out = layer.forward(x);
        } catch (RuntimeException e) {
            throw new Failed(layer.describe() + ": forward on a batch of shape " + Shapes.str(x.shape()) + " threw " + thrown(e));
        }
        if (out == null) throw new Failed(layer.describe() + ": forward returned null; it must return the output batch");
        long[] promised = promisedOutput(layer, x);
        if (promised != null && !Arrays.equals(out.shape(), promised)) {
            throw new Failed(layer.describe() + ": forward returned a batch of shape " + Shapes.str(out.shape())
                    + " for input " + Shapes.str(x.shape()) + ", but its outputShape says " + Shapes.str(promised));
        }
        if (out.shape()[0] != x.shape()[0]) {
            throw new Failed(layer.describe() + ": forward returned " + out.shape()[0] + " examples (shape " + Shapes.str(out.shape())
                    + ") for a batch of " + x.shape()[0] + "; the first axis is the batch and must stay");
        }
        return out;
    }

    /** layer.backward(dOut) after a forward on x, which must return dX of x's shape. */
    static INDArray backward(Layer layer, INDArray dOut, INDArray x) {
        INDArray dX;
        try {
            dX = layer.backward(dOut);
        } catch (RuntimeException e) {
            throw new Failed(layer.describe() + ": backward on dOut of shape " + Shapes.str(dOut.shape()) + " threw " + thrown(e));
        }
        if (dX == null) {
            throw new Failed(layer.describe() + ": backward returned null; it must return dX, the gradient of the loss with respect to "
                    + "its input, of the input's shape " + Shapes.str(x.shape()));
        }
        if (!Arrays.equals(dX.shape(), x.shape())) {
            throw new Failed(layer.describe() + ": backward returned dX of shape " + Shapes.str(dX.shape())
                    + ", but dX must have the input's shape " + Shapes.str(x.shape()) + " (one gradient entry per input entry)");
        }
        return dX;
    }

    // what outputShape says for this batch, or null when it throws (then forward's own check speaks)
    private static long[] promisedOutput(Layer layer, INDArray x) {
        try {
            long[] example = layer.outputShape(Shapes.example(x.shape()));
            long[] batch = new long[example.length + 1];
            batch[0] = x.shape()[0];
            System.arraycopy(example, 0, batch, 1, example.length);
            return batch;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** "UnsupportedOperationException: TODO (at MyDense.doForward line 31)". */
    static String thrown(Throwable e) {
        String where = "";
        for (StackTraceElement s : e.getStackTrace()) {
            if (!s.getClassName().startsWith("org.nd4j") && !s.getClassName().startsWith("java.")) {
                String cls = s.getClassName().substring(s.getClassName().lastIndexOf('.') + 1);
                where = " (at " + cls + "." + s.getMethodName() + (s.getLineNumber() > 0 ? " line " + s.getLineNumber() : "") + ")";
                break;
            }
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + where;
    }
}
