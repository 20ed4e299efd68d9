package org.residuallab.nn.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.residuallab.nn.fast.BlasTest.assertClose;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.LayerNorm;

/** The work done on the arrays' own memory (oneDNN's primitives, BLAS and memcpy) against plain Java. */
class NativePathsTest {
    private static INDArray random(long seed, long... shape) {
        Random r = new Random(seed);
        float[] v = new float[Math.toIntExact(shape[0] * shape[1])];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        return Nd4j.create(v, shape, DataType.FLOAT);
    }

    @Test
    void oneDnnRunsWhereNd4jShipsIt() {
        String arch = System.getProperty("os.arch");
        assumeTrue(arch.equals("amd64") || arch.equals("x86_64"), "ND4J's oneDNN build is for x86_64");
        assertTrue(Dnnl.available(), "oneDNN should load on x86_64: GELU, LayerNorm and softmax would fall back to Java loops");
    }

    @Test
    void residualAddRoundsLikeJavaWhereverTheOutputLies() {
        INDArray a = random(1, 37, 29), b = random(2, 37, 29);
        float[] x = a.data().asFloat(), y = b.data().asFloat(), want = new float[x.length];
        for (int i = 0; i < want.length; i++) want[i] = x[i] + y[i];
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, 37, 29);
        Kernels.add(out, 1, a, 1, b);
        assertArrayEquals(want, out.data().asFloat(), 0f);
        INDArray a2 = a.dup(), b2 = b.dup();
        Kernels.add(a2, 1, a2, 1, b);   // out = a
        Kernels.add(b2, 1, a, 1, b2);   // out = b
        assertArrayEquals(want, a2.data().asFloat(), 0f);
        assertArrayEquals(want, b2.data().asFloat(), 0f);
    }

    @ParameterizedTest(name = "{0} rows")
    @ValueSource(ints = {1, 2, 3, 5, 8, 33, 2048})
    void broadcastRowsFillsEveryRow(int rows) {
        INDArray row = random(3, 1, 7), y = Nd4j.createUninitialized(DataType.FLOAT, rows, 7);
        Kernels.broadcastRows(row, y);
        for (int i = 0; i < rows; i++) assertArrayEquals(row.data().asFloat(), y.getRow(i).dup().data().asFloat(), 0f, "row " + i);
    }

    @Test
    void layerNormGradientsAddUpOverBackwardPasses() {
        LayerNorm ln = new LayerNorm(16);
        ln.gamma().value().assign(random(4, 1, 16));
        INDArray x = random(5, 12, 16).muli(3).addi(1), dOut = random(6, 12, 16);
        ln.forward(x);
        ln.backward(dOut);
        INDArray once = ln.gamma().grad().dup(), onceB = ln.beta().grad().dup();
        ln.backward(dOut);
        assertClose(once.mul(2), ln.gamma().grad(), 1e-6);
        assertClose(onceB.mul(2), ln.beta().grad(), 1e-6);
    }

    @Test
    void causalSoftmaxOfMaskedScoresGivesTheFutureExactlyZero() {
        int T = 9;
        INDArray att = random(7, 4 * T, T).muli(5), mask = AttentionKernels.causalMask(T, DataType.FLOAT);
        for (int block = 0; block < 4; block++) att.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(block * T, (block + 1) * T)).addi(mask);
        AttentionKernels.causalSoftmax(att, T);
        for (int row = 0; row < 4 * T; row++) {
            float[] p = att.getRow(row).dup().data().asFloat();
            double sum = 0;
            for (int s = 0; s < T; s++) {
                if (s > row % T) assertEquals(0f, p[s], "row " + row + ", position " + s);
                sum += p[s];
            }
            assertEquals(1, sum, 1e-6, "row " + row);
        }
    }

    @Test
    void threadsAtOnceGetTheSameGradients() throws Exception {
        INDArray x = random(8, 64, 16), dOut = random(9, 64, 16);
        java.util.function.Supplier<INDArray> run = () -> {
            LayerNorm ln = new LayerNorm(16);
            org.residuallab.nn.GELU gelu = new org.residuallab.nn.GELU();
            gelu.forward(ln.forward(x));
            INDArray dX = ln.backward(gelu.backward(dOut)).dup();
            return org.nd4j.linalg.factory.Nd4j.concat(0, dX, ln.gamma().grad().dup(), ln.beta().grad().dup());
        };
        INDArray alone = run.get();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<INDArray>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) runs.add(pool.submit(run::get));
            for (java.util.concurrent.Future<INDArray> f : runs) assertEquals(alone, f.get());
        } finally {
            pool.shutdown();
        }
    }

    private static INDArray images(long seed, long... shape) {
        Random r = new Random(seed);
        float[] v = new float[Math.toIntExact(org.residuallab.nn.Shapes.size(shape))];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        return Nd4j.create(v, shape, DataType.FLOAT);
    }

    @ParameterizedTest(name = "in {0}, out {1}, k {2}, stride {3}, padding {4}, bias {5}")
    @org.junit.jupiter.params.provider.CsvSource({"1,16,3,1,1,false", "16,16,3,1,1,false", "16,32,3,2,1,false", "3,8,5,2,2,true",
                                                  "8,8,1,1,0,true", "4,6,2,1,0,false"})
    void oneDnnConvolutionsGiveNd4jsNumbers(int in, int out, int k, int stride, int padding, boolean bias) {
        assumeTrue(Dnnl.available(), "oneDNN runs on x86_64");
        INDArray x = images(1, 5, in, 11, 10), w = images(2, out, in, k, k), b = bias ? images(3, 1, out) : null;
        long oh = (11 + 2L * padding - k) / stride + 1, ow = (10 + 2L * padding - k) / stride + 1;
        INDArray y = Nd4j.zeros(DataType.FLOAT, 5, out, oh, ow), yNd4j = y.dup(), dOut = images(4, 5, out, oh, ow);
        Dnnl.convForward(x, w, b, y, stride, padding, null);
        Convolutions.nd4jForward(x, w, b, yNd4j, stride, padding);
        assertClose(yNd4j, y, 1e-5);
        INDArray dX = x.like(), dW = images(5, w.shape()), db = bias ? images(6, 1, out) : null;
        INDArray dXNd4j = x.like(), dWNd4j = dW.dup(), dbNd4j = bias ? db.dup() : null;   // both add to what dW and db hold
        Dnnl.convBackward(x, w, dOut, dX, dW, db, stride, padding, null);
        Convolutions.nd4jBackward(x, w, dOut, dXNd4j, dWNd4j, dbNd4j, stride, padding);
        assertClose(dXNd4j, dX, 1e-5);
        assertClose(dWNd4j, dW, 1e-5);
        if (bias) assertClose(dbNd4j, db, 1e-5);
    }

    @Test
    void convolutionsOfTwoModelsAtOnceGiveTheNumbersOfEachAlone() throws Exception { // models trained side by side
        INDArray x = images(7, 16, 1, 12, 12);
        java.util.function.Function<Integer, INDArray> run = width -> {
            org.residuallab.nn.Conv2d a = new org.residuallab.nn.Conv2d(1, width, 3, 1, 1, false), b = new org.residuallab.nn.Conv2d(width, 8, 3, 2, 1, true);
            INDArray out = null;
            for (int i = 0; i < 30; i++) {
                INDArray y = b.forward(a.forward(x));
                a.backward(b.backward(y.dup()));
                out = y;
            }
            return Nd4j.concat(0, out.reshape(-1), a.weight().grad().reshape(-1), b.weight().grad().reshape(-1), b.bias().grad().reshape(-1));
        };
        INDArray alone4 = run.apply(4), alone8 = run.apply(8);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<INDArray>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) runs.add(pool.submit(() -> run.apply(4)));
            for (int i = 0; i < 8; i++) runs.add(pool.submit(() -> run.apply(8)));
            for (int i = 0; i < 16; i++) assertEquals(i < 8 ? alone4 : alone8, runs.get(i).get());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void idlePassesStayUnderTheirLimitAndAShapeUsedAgainGivesTheSameNumbers() { // a session that tries many shapes
        assumeTrue(Dnnl.available(), "oneDNN runs on x86_64");
        INDArray x = images(11, 8, 8, 40, 40), w = images(12, 8, 8, 3, 3);
        INDArray first = Nd4j.zeros(DataType.FLOAT, 8, 8, 40, 40), again = first.dup();
        Dnnl.convForward(x, w, null, first, 1, 1, null);
        for (int h = 128; h < 148; h++) {   // 20 shapes, each pass with about 17 MB of blocked copies
            INDArray big = images(13, 16, 8, h, 128), out = big.like();
            Dnnl.convForward(big, w, null, out, 1, 1, null);
            assertTrue(Dnnl.idleBytes() <= Dnnl.IDLE_LIMIT, "idle passes hold " + Dnnl.idleBytes() + " bytes");
        }
        Dnnl.convForward(x, w, null, again, 1, 1, null);
        assertEquals(first, again);
    }
}
