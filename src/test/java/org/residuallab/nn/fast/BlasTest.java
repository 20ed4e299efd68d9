package org.residuallab.nn.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

public class BlasTest {
    static Stream<Arguments> typesAndTransposes() {
        return Stream.of(DataType.FLOAT, DataType.DOUBLE).flatMap(t -> Stream.of(
                Arguments.of(t, false, false), Arguments.of(t, true, false),
                Arguments.of(t, false, true), Arguments.of(t, true, true)));
    }

    @ParameterizedTest(name = "{0} transA={1} transB={2}")
    @MethodSource("typesAndTransposes")
    void gemmMatchesNd4jForEveryTransposeAndType(DataType t, boolean ta, boolean tb) {
        Nd4j.getRandom().setSeed(1);
        INDArray a = ta ? Nd4j.randn(t, 7, 5) : Nd4j.randn(t, 5, 7);
        INDArray b = tb ? Nd4j.randn(t, 3, 7) : Nd4j.randn(t, 7, 3);
        INDArray c = Nd4j.randn(t, 5, 3);
        INDArray expected = c.dup();
        Nd4j.gemm(a, b, expected, ta, tb, 1.5, 0.5);
        Blas.gemm(a, b, c, ta, tb, 1.5, 0.5);
        assertClose(expected, c, t == DataType.FLOAT ? 1e-5 : 1e-12);
    }

    static Stream<Arguments> awkwardLayouts() {
        INDArray big = Nd4j.randn(DataType.FLOAT, 12, 10);
        return Stream.of(
                Arguments.of("rows of a bigger matrix (offset)", big.get(NDArrayIndex.interval(3, 8), NDArrayIndex.interval(0, 10))),
                Arguments.of("columns of a bigger matrix (leading dimension)", big.get(NDArrayIndex.interval(2, 7), NDArrayIndex.interval(1, 9))),
                Arguments.of("column-major order", Nd4j.randn(DataType.FLOAT, 5, 10).dup('f')),
                Arguments.of("a transposed view", Nd4j.randn(DataType.FLOAT, 10, 5).transpose()),
                Arguments.of("strided columns", Nd4j.randn(DataType.FLOAT, 5, 20).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 20))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("awkwardLayouts")
    void gemmReadsViewsAndOtherLayoutsCorrectly(String what, INDArray a) {
        assertEquals(5, a.rows(), what);
        INDArray b = Nd4j.randn(DataType.FLOAT, a.columns(), 4);
        INDArray expected = Nd4j.createUninitialized(DataType.FLOAT, 5, 4);
        Nd4j.gemm(a.dup('c'), b, expected, false, false, 1.0, 0.0);
        INDArray c = Nd4j.createUninitialized(DataType.FLOAT, 5, 4);
        Blas.gemm(a, b, c, false, false, 1.0, 0.0);
        assertClose(expected, c, 1e-5);
        // the same matrix as the second operand, transposed
        INDArray left = Nd4j.randn(DataType.FLOAT, 3, a.columns());
        INDArray expected2 = Nd4j.createUninitialized(DataType.FLOAT, 3, 5);
        Nd4j.gemm(left, a.dup('c'), expected2, false, true, 1.0, 0.0);
        INDArray c2 = Nd4j.createUninitialized(DataType.FLOAT, 3, 5);
        Blas.gemm(left, a, c2, false, true, 1.0, 0.0);
        assertClose(expected2, c2, 1e-5);
    }

    @Test
    void gemmWritesIntoAViewOfALargerOutput() {
        INDArray a = Nd4j.randn(DataType.FLOAT, 4, 6), b = Nd4j.randn(DataType.FLOAT, 6, 3);
        INDArray big = Nd4j.zeros(DataType.FLOAT, 4, 8);
        INDArray view = big.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 5));
        Blas.gemm(a, b, view, false, false, 1.0, 0.0);
        assertClose(a.mmul(b), big.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 5)), 1e-5);
        assertEquals(0.0, big.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2)).sumNumber().doubleValue());
        assertEquals(0.0, big.get(NDArrayIndex.all(), NDArrayIndex.interval(5, 8)).sumNumber().doubleValue());
    }

    @Test
    void gemmRejectsMismatchedShapesNamingThem() {
        INDArray a = Nd4j.zeros(DataType.FLOAT, 4, 6), b = Nd4j.zeros(DataType.FLOAT, 5, 3), c = Nd4j.zeros(DataType.FLOAT, 4, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Blas.gemm(a, b, c, false, false, 1, 0));
        assertTrue(e.getMessage().contains("(4, 6)") && e.getMessage().contains("(5, 3)"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void axpyScalAndZeroMatchNd4j(DataType t) {
        INDArray x = Nd4j.randn(t, 6, 5), y = Nd4j.randn(t, 6, 5);
        INDArray expected = y.add(x.mul(-0.25));
        Blas.axpy(-0.25, x, y);
        assertClose(expected, y, 1e-6);
        INDArray s = y.mul(0.5);
        Blas.scal(0.5, y);
        assertClose(s, y, 1e-6);
        Blas.zero(y);
        assertEquals(0.0, y.norm1Number().doubleValue());
    }

    @Test
    void axpyAndZeroHandleViews() {
        INDArray big = Nd4j.randn(DataType.FLOAT, 6, 8);
        INDArray view = big.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4));
        INDArray x = Nd4j.randn(DataType.FLOAT, 6, 3);
        INDArray expected = view.add(x.mul(2));
        Blas.axpy(2, x, view);
        assertClose(expected, big.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4)), 1e-6);
        INDArray untouched = big.get(NDArrayIndex.all(), NDArrayIndex.interval(4, 8)).dup();
        Blas.zero(view);
        assertEquals(0.0, big.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4)).norm1Number().doubleValue());
        assertEquals(untouched, big.get(NDArrayIndex.all(), NDArrayIndex.interval(4, 8)));
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void levelOneReductionsAndCopyMatchNd4jOnDenseArraysAndViews(DataType t) {
        INDArray dense = Nd4j.randn(t, 40, 60).subi(0.2), view = Nd4j.randn(t, 9, 10).get(NDArrayIndex.interval(2, 7), NDArrayIndex.interval(1, 8));
        for (INDArray x : new INDArray[] {dense, view}) {
            double tol = (t == DataType.FLOAT ? 1e-5 : 1e-12) * x.length();
            assertEquals(x.sumNumber().doubleValue(), Blas.sum(x), tol);
            assertEquals(x.norm1Number().doubleValue(), Blas.asum(x), tol);
            assertEquals(x.amaxNumber().doubleValue(), Blas.amax(x), 0);
            assertEquals(x.mul(x).sumNumber().doubleValue(), Blas.dot(x, x), tol);
            INDArray y = Nd4j.createUninitialized(t, x.shape());
            Blas.copy(x, y);
            assertEquals(x, y);
        }
        assertEquals(0.0, Blas.amax(Nd4j.create(t, 0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Blas.dot(dense, view));
        assertTrue(e.getMessage().contains("(40, 60)") && e.getMessage().contains("(5, 7)"), e.getMessage());
    }

    public static void assertClose(INDArray expected, INDArray actual, double tol) {
        assertEquals(expected.length(), actual.length());
        double scale = Math.max(1.0, expected.castTo(DataType.DOUBLE).norm2Number().doubleValue());
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE).reshape(expected.shape())).norm2Number().doubleValue();
        assertTrue(diff <= tol * scale, "difference " + diff + " exceeds " + tol + " × " + scale);
    }
}
