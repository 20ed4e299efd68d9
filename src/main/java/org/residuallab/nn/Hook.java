package org.residuallab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Called around a layer's forward and backward, like PyTorch's module hooks.
 * Arrays passed in belong to the layer: read them, copy what you keep, never write them.
 */
public interface Hook {
    /** After forward: input (B, in), output (B, out). */
    default void onForward(Layer layer, INDArray input, INDArray output) {}

    /** After backward: dOut (B, out) is the gradient reaching the layer's output, dX (B, in) the one it sends back. */
    default void onBackward(Layer layer, INDArray dOut, INDArray dX) {}
}
