package org.residuallab.nn.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.residuallab.nn.fast.BlasTest.assertClose;

import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Each fast loop against the same formula in ND4J operations, in float32 and float64, on fresh arrays and on views. */
class KernelsTest {
    /** A name, the kernel y = f(x) and its reference. */
    static Stream<Arguments> unaryKernels() {
        return cases(Stream.of(
                unary("tanh", Kernels::tanh, x -> exactTanh(x)),
                unary("relu", Kernels::relu, x -> Transforms.relu(x, true)),
                unary("sigmoid", Kernels::sigmoid, x -> Transforms.sigmoid(x, true))));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("unaryKernels")
    void unaryKernelMatchesNd4j(String name, DataType t, String layout, BiConsumer<INDArray, INDArray> kernel,
                                Function<INDArray, INDArray> reference) {
        INDArray x = input(t, layout, 1).muli(3);
        INDArray y = Nd4j.createUninitialized(t, x.rows(), x.columns());
        kernel.accept(x, y);
        assertClose(reference.apply(x.dup()), y, 1e-6);
    }

    interface Backward { void apply(INDArray saved, INDArray dOut, INDArray dX); }

    static Stream<Arguments> backwardKernels() {
        return cases(Stream.of(
                Arguments.of("tanh backward", (Backward) Kernels::tanhBackward,
                        (BiFunction3) (y, g) -> y.mul(y).rsubi(1).muli(g)),
                Arguments.of("relu backward", (Backward) Kernels::reluBackward,
                        (BiFunction3) (x, g) -> x.gt(0).castTo(x.dataType()).muli(g)),
                Arguments.of("sigmoid backward", (Backward) Kernels::sigmoidBackward,
                        (BiFunction3) (y, g) -> y.rsub(1).muli(y).muli(g))));
    }

    interface BiFunction3 { INDArray apply(INDArray saved, INDArray dOut); }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("backwardKernels")
    void backwardKernelMatchesNd4j(String name, DataType t, String layout, Backward kernel, BiFunction3 reference) {
        INDArray saved = input(t, layout, 2), dOut = input(t, layout, 3);
        INDArray dX = Nd4j.createUninitialized(t, saved.rows(), saved.columns());
        kernel.apply(saved, dOut, dX);
        assertClose(reference.apply(saved.dup(), dOut.dup()), dX, 1e-6);
    }

    static Stream<Arguments> typesAndLayouts() {
        return cases(Stream.of(Arguments.of("")));
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("typesAndLayouts")
    void addComputesAlphaAPlusBetaB(String unused, DataType t, String layout) {
        INDArray a = input(t, layout, 4), b = input(t, layout, 5);
        INDArray out = Nd4j.createUninitialized(t, a.rows(), a.columns());
        Kernels.add(out, 0.5, a, -2.0, b);
        assertClose(a.mul(0.5).addi(b.mul(-2.0)), out, 1e-6);
        Kernels.add(out, 1.0, a, 1.0, b);
        assertClose(a.add(b), out, 1e-6);
        INDArray a2 = a.dup();
        Kernels.add(a2, 1.0, a2, 1.0, b); // in place
        assertClose(a.add(b), a2, 1e-6);
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("typesAndLayouts")
    void biasKernelsBroadcastRowsAndSumColumns(String unused, DataType t, String layout) {
        INDArray x = input(t, layout, 6);
        INDArray row = Nd4j.randn(t, 1, x.columns());
        INDArray y = Nd4j.createUninitialized(t, x.rows(), x.columns());
        Kernels.broadcastRows(row, y);
        assertClose(Nd4j.zeros(t, x.rows(), x.columns()).addiRowVector(row), y, 0);
        INDArray sums = row.dup();
        Kernels.addColumnSums(x, sums);
        assertClose(row.add(x.sum(true, 0)), sums, 1e-6);
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("typesAndLayouts")
    void doublesRoundTripThroughArraysOfEitherType(String unused, DataType t, String layout) {
        INDArray x = input(t, layout, 7);
        double[] d = Kernels.toDoubles(x);
        assertArrayEquals(x.castTo(DataType.DOUBLE).dup('c').data().asDouble(), d, 0.0);
        INDArray y = Nd4j.zeros(t, x.rows(), x.columns());
        Kernels.fromDoubles(d, y);
        assertClose(x, y, 0);
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("typesAndLayouts")
    void allFiniteSpotsNaNAndInfinity(String unused, DataType t, String layout) {
        INDArray x = input(t, layout, 8);
        assertTrue(Kernels.allFinite(x));
        x.putScalar(2, 3, Double.NaN);
        assertFalse(Kernels.allFinite(x));
        x.putScalar(2, 3, Double.NEGATIVE_INFINITY);
        assertFalse(Kernels.allFinite(x));
        x.putScalar(2, 3, 1e30);
        assertTrue(Kernels.allFinite(x));
    }

    @Test
    void reluBackwardPassesTheGradientExactlyWhereTheInputIsPositive() {
        float[] x = {1f, -1f, 0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, 3e-39f, -3e-39f};
        for (float v : x) {
            INDArray dX = Nd4j.zeros(DataType.FLOAT, 1, 1);
            Kernels.reluBackward(Nd4j.create(new float[] {v}, new long[] {1, 1}), Nd4j.create(new float[] {2.5f}, new long[] {1, 1}), dX);
            assertTrue(dX.getFloat(0) == (v > 0 ? 2.5f : 0f), "x = " + v + " gave " + dX.getFloat(0));
        }
    }

    @Test
    void reluKeepsANaNInputNaNSoTheLossReportsIt() { // its gradient there is undefined: oneDNN passes dOut, the Java loop 0
        INDArray x = Nd4j.create(new float[] {Float.NaN, -1f, 2f}, new long[] {1, 3}), y = Nd4j.zeros(DataType.FLOAT, 1, 3);
        Kernels.relu(x, y);
        assertTrue(Float.isNaN(y.getFloat(0)));
        assertArrayEquals(new float[] {0f, 2f}, new float[] {y.getFloat(1), y.getFloat(2)}, 0f);
    }

    @Test
    void fastTanhIsWithinHalfAMillionthOfExactAcrossTheFloatRange() {
        double worst = 0;
        for (float v = -20f; v <= 20f; v += 1e-3f) worst = Math.max(worst, relError(v));
        for (float v = 1e-30f; v < 1f; v *= 1.01f) worst = Math.max(worst, Math.max(relError(v), relError(-v)));
        assertTrue(worst < 5e-7, "max relative error " + worst);
        assertTrue(Float.isNaN(Kernels.tanh(Float.NaN)));
        assertTrue(Kernels.tanh(Float.POSITIVE_INFINITY) == 1f && Kernels.tanh(Float.NEGATIVE_INFINITY) == -1f);
        assertTrue(Kernels.tanh(0f) == 0f);
    }

    private static INDArray exactTanh(INDArray x) {
        double[] v = x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        for (int i = 0; i < v.length; i++) v[i] = Math.tanh(v[i]);
        return Nd4j.create(v, x.shape(), DataType.DOUBLE).castTo(x.dataType());
    }

    private static double relError(float v) {
        double exact = Math.tanh(v);
        return Math.abs(Kernels.tanh(v) - exact) / Math.abs(exact);
    }

    private static Arguments unary(String name, BiConsumer<INDArray, INDArray> k, Function<INDArray, INDArray> ref) {
        return Arguments.of(name, k, ref);
    }

    /** Every case in float32 and float64, on a fresh array, on rows of a larger one and on a strided view. */
    private static Stream<Arguments> cases(Stream<Arguments> kernels) {
        return kernels.flatMap(k -> Stream.of(DataType.FLOAT, DataType.DOUBLE).flatMap(t ->
                Stream.of("dense", "rows", "view").map(layout -> {
                    Object[] a = k.get();
                    Object[] all = new Object[a.length + 2];
                    all[0] = a[0];
                    all[1] = t;
                    all[2] = layout;
                    System.arraycopy(a, 1, all, 3, a.length - 1);
                    return Arguments.of(all);
                })));
    }

    /** A (6, 9) input with mixed signs: a fresh array, rows of a larger one (offset), or a strided view. */
    private static INDArray input(DataType t, String layout, long seed) {
        Nd4j.getRandom().setSeed(seed);
        if (layout.equals("dense")) return Nd4j.randn(t, 6, 9);
        if (layout.equals("rows")) return Nd4j.randn(t, 10, 9).get(NDArrayIndex.interval(3, 9), NDArrayIndex.all());
        INDArray big = Nd4j.randn(t, 10, 12);
        return big.get(NDArrayIndex.interval(2, 8), NDArrayIndex.interval(1, 10));
    }
}
