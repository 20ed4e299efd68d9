package org.residuallab.nn.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.BatchNorm;
import org.residuallab.nn.BatchNorm2d;
import org.residuallab.nn.GELU;
import org.residuallab.nn.Layer;
import org.residuallab.nn.LayerNorm;

/** The float32 loops compute what the float64 ones do, to float32's precision. */
class FloatPathsTest {

    @Test
    void floatErfIsWithinHalfAMillionthOfTheExactOne() {
        INDArray x = Nd4j.linspace(-6, 6, 24001, DataType.DOUBLE);
        INDArray exact = Nd4j.createUninitialized(DataType.DOUBLE, x.shape());
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.Erf(x, exact));
        double worst = 0;
        for (int i = 0; i < x.length(); i++) worst = Math.max(worst, Math.abs(Kernels.erf((float) x.getDouble(i)) - exact.getDouble(i)));
        assertTrue(worst < 5e-7, "largest error " + worst); // a few float32 ulps of values near 1
    }

    @Test
    void floatExpIsWithinAFewUlpsOfMathExp() {
        double worst = 0, far = 0;
        for (float y = -20f; y <= 10f; y += 0.0003f) worst = Math.max(worst, Math.abs(Kernels.exp(y) / Math.exp(y) - 1));
        for (float y = -87f; y < -20f; y += 0.001f) far = Math.max(far, Math.abs(Kernels.exp(y) / Math.exp(y) - 1));
        assertTrue(worst < 2e-6, "largest relative error on [-20, 10] (y·log2 e rounded to float): " + worst);
        assertTrue(far < 1e-5, "largest relative error on [-87, -20] (y·log2 e rounded to float): " + far);
        assertEquals(0f, Kernels.exp(-100f));
        assertEquals(0f, Kernels.exp(Float.NEGATIVE_INFINITY));
        assertEquals(1f, Kernels.exp(0f));
        assertEquals(1f, Kernels.exp(-0f));
        assertTrue(Float.isNaN(Kernels.exp(Float.NaN)), "NaN stays NaN");
        assertEquals(Kernels.exp(88f), Kernels.exp(Float.POSITIVE_INFINITY), "clamped at 88");
        assertEquals(Math.exp(88), Kernels.exp(88f), Math.exp(88) * 2e-6);
    }

    static Stream<Arguments> layers() {
        return Stream.of(
                Arguments.of("GELU", (Supplier<Layer>) GELU::new, new long[] {4, 6, 16}),
                Arguments.of("LayerNorm on (B, T, C)", (Supplier<Layer>) () -> new LayerNorm(16), new long[] {4, 6, 16}),
                Arguments.of("BatchNorm", (Supplier<Layer>) () -> new BatchNorm(16), new long[] {32, 16}),
                Arguments.of("BatchNorm2d", (Supplier<Layer>) () -> new BatchNorm2d(3), new long[] {4, 3, 5, 7}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void floatAndDoubleLoopsAgreeForwardAndBackward(String name, Supplier<Layer> make, long[] shape) {
        Layer f = make.get(), d = make.get();
        d.castTo(DataType.DOUBLE);
        Random r = new Random(3);
        double[] xv = new double[(int) Nd4j.zeros(shape).length()], gv = xv.clone();
        for (int i = 0; i < xv.length; i++) {
            xv[i] = 2 * r.nextGaussian() + 0.5;
            gv[i] = r.nextGaussian();
        }
        INDArray x = Nd4j.create(xv, shape, DataType.DOUBLE), g = Nd4j.create(gv, shape, DataType.DOUBLE);
        assertClose(d.forward(x), f.forward(x.castTo(DataType.FLOAT)), name + " forward");
        assertClose(d.backward(g), f.backward(g.castTo(DataType.FLOAT)), name + " backward");
        for (int i = 0; i < f.params().size(); i++) {
            if (f.params().get(i).trainable()) assertClose(d.params().get(i).grad(), f.params().get(i).grad(), name + " " + f.params().get(i).name());
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        double scale = expected.amaxNumber().doubleValue();
        for (int i = 0; i < expected.length(); i++) {
            assertEquals(expected.getDouble(i), actual.getDouble(i), 2e-5 * Math.max(1, scale), what + " at " + i);
        }
    }
}
