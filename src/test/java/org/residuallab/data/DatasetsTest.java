package org.residuallab.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DatasetsTest {

    static Stream<Arguments> generators() {
        return Stream.of(
                Arguments.of("spirals", (LongFunction<Dataset>) s -> Datasets.spirals(40, 3, 0.1, s), 120, 2, 3),
                Arguments.of("circles", (LongFunction<Dataset>) s -> Datasets.circles(100, 0.05, 0.5, s), 100, 2, 2),
                Arguments.of("xor", (LongFunction<Dataset>) s -> Datasets.xor(100, 0.0, s), 100, 2, 2),
                Arguments.of("checkerboard", (LongFunction<Dataset>) s -> Datasets.checkerboard(100, 4, 0.0, s), 100, 2, 2),
                Arguments.of("teacher", (LongFunction<Dataset>) s -> Datasets.teacher(50, 5, 2, 16, 2, 0.01, s), 50, 5, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("generators")
    void generatorsAreDeterministicBySeed(String name, LongFunction<Dataset> gen, int n, int d, int classes) {
        Dataset a = gen.apply(7), b = gen.apply(7), c = gen.apply(8);
        assertEquals(n, a.size());
        assertEquals(d, a.width());
        assertEquals(classes, a.classes());
        assertEquals(a.features(), b.features(), name + ": same seed, same features");
        assertEquals(a.targets(), b.targets(), name + ": same seed, same targets");
        assertNotEquals(a.features(), c.features(), name + ": another seed, other features");
        assertFalse(a.features().isNaN().any(), name + " has NaN features");
    }

    @Test
    void spiralsHaveBalancedClassesInsideTheUnitSquare() {
        Dataset s = Datasets.spirals(50, 4, 0.0, 1);
        assertArrayEquals(new int[] {50, 50, 50, 50}, s.classCounts());
        assertTrue(s.features().amaxNumber().doubleValue() <= 1.0 + 1e-6);
    }

    @Test
    void xorLabelsFollowTheSignsOfTheCoordinates() {
        Dataset x = Datasets.xor(200, 0.0, 3);
        int[] labels = x.labels();
        for (int i = 0; i < x.size(); i++) {
            boolean a = x.features().getDouble(i, 0) > 0, b = x.features().getDouble(i, 1) > 0;
            assertEquals(a ^ b ? 1 : 0, labels[i], "row " + i);
        }
    }

    @Test
    void teacherTargetsAreRegressionTargets() {
        Dataset t = Datasets.teacher(30, 3, 2, 8, 1, 0.0, 1);
        assertFalse(t.isClassification());
        assertEquals(2, t.outputs());
        assertArrayEquals(new long[] {30, 2}, t.targets().shape());
        assertThrows(IllegalStateException.class, t::labels);
    }

    @Test
    void digitsAreThe1797BundledImages() {
        Dataset d = Datasets.digits();
        assertEquals(1797, d.size());
        assertEquals(64, d.width());
        assertEquals(10, d.classes());
        assertEquals(0.0, d.features().minNumber().doubleValue());
        assertEquals(16.0, d.features().maxNumber().doubleValue());
        assertTrue(Arrays.stream(d.classCounts()).allMatch(c -> c >= 170 && c <= 190));
    }

    @Test
    void digitsSplitIsStandardisedWithTrainStatisticsOnly() {
        Split s = Datasets.digits(0.2, 42);
        assertEquals(1797, s.train().size() + s.test().size());
        INDArray trainMean = s.train().features().mean(0);
        assertEquals(0.0, trainMean.amaxNumber().doubleValue(), 1e-4, "train features are centred");
        INDArray trainStd = s.train().features().std(false, 0);
        for (int j = 0; j < 64; j++) {
            double sd = trainStd.getDouble(j);
            assertTrue(Math.abs(sd - 1) < 1e-3 || sd < 1e-6, "feature " + j + " has std 1 (or is constant): " + sd);
        }
        assertTrue(s.test().features().mean(0).amaxNumber().doubleValue() > 1e-3, "the test split is not re-centred on itself");
    }

    @Test
    void splitsAreStratifiedDisjointAndDeterministic() {
        int n = 150;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i % 3;
        Dataset d = Dataset.classification("ids", Nd4j.arange(n).castTo(DataType.FLOAT).reshape(n, 1), labels, 3);
        Split a = d.split(0.2, 5), b = d.split(0.2, 5), c = d.split(0.2, 6);
        assertArrayEquals(new int[] {10, 10, 10}, a.test().classCounts());
        assertArrayEquals(new int[] {40, 40, 40}, a.train().classCounts());
        assertEquals(a.test().features(), b.test().features());
        assertNotEquals(a.test().features(), c.test().features());
        Set<Double> ids = new HashSet<>();
        for (Dataset part : List.of(a.train(), a.test())) {
            for (double id : part.features().toDoubleVector()) assertTrue(ids.add(id), "row " + id + " is in both parts");
        }
        assertEquals(n, ids.size());
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.spirals(10, 1, 0.1, 1));
        assertTrue(e.getMessage().contains("classes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Datasets.spirals(10, 3, 0.1, 1).split(1.5, 1));
        assertTrue(e.getMessage().contains("testFraction"), e.getMessage());
    }
}
