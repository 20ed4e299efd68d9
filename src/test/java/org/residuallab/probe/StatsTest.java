package org.residuallab.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.Histogram;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The probes' one-pass statistics against ND4J's reductions, in float32 and float64, on a view. */
class StatsTest {
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void summaryMatchesNd4jReductions(DataType t) {
        INDArray x = sample(t).addi(0.3);
        double[] s = Stats.summary(x);
        double tol = t == DataType.FLOAT ? 1e-5 : 1e-10;
        assertEquals(x.norm2Number().doubleValue(), s[0], tol * s[0]);
        assertEquals(x.ameanNumber().doubleValue(), s[1], tol * s[1]);
        assertEquals(x.stdNumber().doubleValue() * Math.sqrt((x.length() - 1.0) / x.length()), s[2], tol * s[2]);
        assertEquals(x.amaxNumber().doubleValue(), s[3], tol * s[3]);
        assertEquals(x.meanNumber().doubleValue(), s[4], tol);
        assertEquals(x.length(), s[5]);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void histogramMatchesNd4jAndCoversEveryElement(DataType t) {
        INDArray x = sample(t);
        Stats.Binned h = Stats.histogram(x, 9);
        assertEquals(x.minNumber().doubleValue(), h.lo(), 0);
        assertEquals(x.maxNumber().doubleValue(), h.hi(), 0);
        assertArrayEquals(Nd4j.exec(new Histogram(x.dup(), 9))[0].toLongVector(), h.counts());
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void updateStdsAndDeadColumnsMatchTheirDefinitions(DataType t) {
        INDArray w = sample(t), after = w.add(sample(t).muli(1e-3));
        double[] s = Stats.updateStds(w.dup(), after);
        assertEquals(w.std(false, 0, 1).getDouble(0), s[0], 1e-6 * s[0]);
        assertEquals(after.sub(w).std(false, 0, 1).getDouble(0), s[1], 1e-4 * s[1]);
        INDArray relu = org.nd4j.linalg.ops.transforms.Transforms.abs(sample(t)).addi(0.1);
        relu.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3)).assign(-1); // three dead units of 7
        assertEquals(3 / 7.0, Stats.deadColumns(relu, 5, 7), 1e-12);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void saturationCountsMatchTheirDefinitionsAndIgnoreNaN(DataType t) {
        INDArray x = sample(t);
        x.putScalar(0, 0, Double.NaN);
        long above = 0, outside = 0;
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.columns(); j++) {
                double e = x.getDouble(i, j);
                if (Math.abs(e) > 0.5) above++;
                if (e < -0.25 || e > 0.75) outside++;
            }
        }
        assertEquals(above / 35.0, Stats.fractionAbsAbove(x, 0.5), 1e-15);
        assertEquals(outside / 35.0, Stats.fractionOutside(x, -0.25, 0.75), 1e-15);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void aNaNElementMakesTheMaximumNaNWhileInfinitiesGiveInfinity(DataType t) {
        assertEquals(Double.NaN, Stats.summary(Nd4j.create(new double[] {1, Double.NaN, -3}).castTo(t))[3]);
        double[] inf = Stats.summary(Nd4j.create(new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1}).castTo(t));
        assertEquals(Double.POSITIVE_INFINITY, inf[3]);
        assertEquals(3.0, Stats.summary(Nd4j.create(new double[] {1, 2, -3}).castTo(t))[3]);
    }

    @Test
    void blasSummaryOfALargeDenseArrayAgreesWithTheJavaLoop() {
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.randn(DataType.FLOAT, 64, 128).addi(0.3); // dense float32, ≥ 1024 elements: BLAS
        double[] blas = Stats.summary(x), java = Stats.loopSummary(x);
        for (int k = 0; k < blas.length; k++) assertEquals(java[k], blas[k], 1e-5 * Math.max(1, Math.abs(java[k])), "entry " + k);
        double[] ms = Stats.meanStd(x);
        assertEquals(java[4], ms[0], 1e-6);
        assertEquals(java[2], ms[1], 1e-5 * java[2]);
        assertEquals(java[2], Stats.std(x), 1e-5 * java[2]);
    }

    @Test
    void aNaNOrInfinityInALargeDenseArrayTakesTheJavaLoop() {
        INDArray x = Nd4j.ones(DataType.FLOAT, 32, 64);
        x.putScalar(5, 40, Double.NaN);
        assertEquals(Double.NaN, Stats.summary(x)[3]);
        assertEquals(Double.NaN, Stats.meanStd(x)[0]);
        x.putScalar(5, 40, Double.POSITIVE_INFINITY);
        assertEquals(Double.POSITIVE_INFINITY, Stats.summary(x)[3]);
        x.putScalar(5, 40, 3e20); // its square overflows float32 but not the Java loop's double sums
        assertEquals(3e20, Stats.summary(x)[0], 1e15);
    }

    @Test
    void tanhSaturationCountsTheEdgesOfFloat32AsTheirValuesSay() {
        Nd4j.getRandom().setSeed(3);
        INDArray y = org.nd4j.linalg.ops.transforms.Transforms.tanh(Nd4j.randn(DataType.FLOAT, 64, 128).muli(2));
        float t = 0.97f; // the edges: the float nearest 0.97 lies above the double 0.97
        float[] edges = {t, Math.nextDown(t), Math.nextUp(t), -t, -Math.nextDown(t), 0f, -0f, 1f, -1f,
            Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, Float.MAX_VALUE};
        for (int i = 0; i < edges.length; i++) y.putScalar(3, 5 * i, edges[i]);
        long expected = 0;
        for (int i = 0; i < y.length(); i++) if (Math.abs(y.getFloat(i)) > 0.97) expected++;
        assertEquals(expected, Math.round(Stats.fractionAbsAbove(y, 0.97) * y.length()));
        long nonZero = 0;
        for (int i = 0; i < y.length(); i++) if (Math.abs(y.getFloat(i)) > 0) nonZero++;
        assertEquals(nonZero, Math.round(Stats.fractionAbsAbove(y, 0) * y.length())); // ±0 and NaN are not above 0; the smallest float is
    }

    @Test
    void nearlyEqualValuesKeepAPreciseStdInsteadOfFloatCancellation() {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(DataType.FLOAT, 64, 128).muli(1e-4).addi(5); // std 1e-4 around 5: mean² ≫ var
        double exact = x.castTo(DataType.DOUBLE).std(false, 0, 1).getDouble(0);
        assertEquals(exact, Stats.meanStd(x)[1], 1e-3 * exact);
        assertEquals(exact, Stats.summary(x)[2], 1e-3 * exact);
        assertEquals(0.0, Stats.meanStd(Nd4j.valueArrayOf(new long[] {64, 128}, 0.37f))[1], 0);
    }

    @Test
    void updateStdsOfLargeFloatCopiesMatchTheirDefinition() {
        Nd4j.getRandom().setSeed(5);
        INDArray w = Nd4j.randn(DataType.FLOAT, 128, 128).muli(0.1), after = w.add(Nd4j.randn(DataType.FLOAT, 128, 128).muli(1e-4));
        double data = w.castTo(DataType.DOUBLE).std(false, 0, 1).getDouble(0);
        double update = after.castTo(DataType.DOUBLE).sub(w.castTo(DataType.DOUBLE)).std(false, 0, 1).getDouble(0);
        INDArray before = w.dup();
        double[] s = Stats.updateStds(before, after);
        assertEquals(data, s[0], 1e-5 * data);
        assertEquals(update, s[1], 1e-4 * update);
        assertEquals(0.0, Stats.updateStds(w.dup(), w)[1], 0); // no update: no spread
    }

    /** A (5, 7) view with an offset and strided rows, normal values. */
    private static INDArray sample(DataType t) {
        Nd4j.getRandom().setSeed(42);
        return Nd4j.randn(t, 9, 10).get(NDArrayIndex.interval(2, 7), NDArrayIndex.interval(1, 8));
    }
}
