package org.residuallab.check;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Layer;

/**
 * Assertions for testing the layers and blocks you write, in JUnit 5 or any test framework: each throws an
 * {@link AssertionError} whose message says what is wrong, where, and the likely mistake. They run in
 * float64 (your layer is cast to it) and leave parameter values as they were.
 * <pre>import static org.residuallab.check.Assertions.*;
 *
 * &#64;Test void backwardMatchesFiniteDifferences() {
 *     assertGradientsMatchFiniteDifferences(new MyDense(3, 4), Inputs.batch(4, 3));
 * }</pre>
 * The same checks, returning a {@link Check} instead of throwing, are in {@link LayerChecks} and {@link BlockChecks}.
 */
public final class Assertions {
    private Assertions() {}

    /** dX and every trainable parameter's gradient from backward agree with finite differences at x. */
    public static void assertGradientsMatchFiniteDifferences(Layer layer, INDArray x) {
        LayerChecks.gradients(layer, x).orFail();
    }

    /** The array has this shape, e.g. {@code assertShape(out, 4, 10)}. */
    public static void assertShape(INDArray array, long... expected) {
        LayerChecks.shape(array, expected).orFail();
    }

    /** Examples of shape {@code in} come out of forward (and outputShape) as {@code expected}; backward returns dX of the input's shape. */
    public static void assertOutputShape(Layer layer, long[] in, long... expected) {
        LayerChecks.outputShape(layer, in, expected).orFail();
    }

    /** Backward adds into the parameters' gradients (two backward passes leave twice what one leaves). */
    public static void assertBackwardAccumulates(Layer layer, INDArray x) {
        LayerChecks.accumulates(layer, x).orFail();
    }

    /** Your layer computes what {@code reference} (e.g. the library's own) computes: output, dX and parameter gradients. */
    public static void assertSameAsReference(Layer mine, Layer reference, INDArray x) {
        LayerChecks.sameAsReference(mine, reference, x).orFail();
    }

    /** A residual block out = x + F(x) with every parameter 0 is the identity, forward and backward. */
    public static void assertIdentityWhenBranchIsZero(Layer block, INDArray x) {
        BlockChecks.identityWhenBranchIsZero(block, x).orFail();
    }

    /** The two have the same parameters: as many, in the same order, of the same shapes. */
    public static void assertSameParameters(Layer a, Layer b) {
        BlockChecks.sameParameters(a, b).orFail();
    }

    /** {@code plain} is the plain twin of {@code residual}: same parameters, and only the skip differs. */
    public static void assertPlainTwin(Layer residual, Layer plain, INDArray x) {
        BlockChecks.plainTwin(residual, plain, x).orFail();
    }
}
