package org.residuallab.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.residuallab.nn.BatchNorm;
import org.residuallab.nn.Dense;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Param;
import org.residuallab.nn.ReLU;
import org.residuallab.nn.Sequential;

/** The checker itself: it catches wrong backward passes, handles kinks and leaves the layer as it was. */
class GradCheckTest {

    /** A student's sigmoid; {@code forgetOneMinusY} drops the (1 − y) factor of its derivative. */
    static final class StudentSigmoid extends Layer {
        private final boolean forgetOneMinusY;
        private INDArray y;

        StudentSigmoid(boolean forgetOneMinusY) {
            super("studentsigmoid");
            this.forgetOneMinusY = forgetOneMinusY;
        }

        @Override
        protected INDArray doForward(INDArray x) {
            y = Transforms.sigmoid(x, true);
            return y;
        }

        @Override
        protected INDArray doBackward(INDArray dOut) {
            return forgetOneMinusY ? dOut.mul(y) : dOut.mul(y).muli(y.rsub(1));
        }

        @Override
        public int outputWidth(int in) {
            return in;
        }
    }

    /** y = x ⊙ w with a (1, C) parameter w; {@code meanInsteadOfSum} averages dw over the batch (a classic bug). */
    static final class Scale extends Layer {
        private final Param w;
        private final boolean meanInsteadOfSum;
        private INDArray x;

        Scale(int width, boolean meanInsteadOfSum) {
            super("scale");
            this.w = new Param("w", Nd4j.rand(DataType.DOUBLE, 1, width).addi(0.5), true);
            this.meanInsteadOfSum = meanInsteadOfSum;
        }

        @Override
        protected INDArray doForward(INDArray x) {
            this.x = x;
            return x.mulRowVector(w.value());
        }

        @Override
        protected INDArray doBackward(INDArray dOut) {
            INDArray prod = dOut.mul(x);
            w.grad().addi(meanInsteadOfSum ? prod.mean(true, 0) : prod.sum(true, 0));
            return dOut.mulRowVector(w.value());
        }

        @Override
        public int outputWidth(int in) {
            return in;
        }

        @Override
        public int inputWidth() {
            return (int) w.value().columns();
        }

        @Override
        protected List<Param> ownParams() {
            return List.of(w);
        }
    }

    /** A ReLU whose backward lets the gradient through everywhere. */
    static final class LeakyBackwardReLU extends Layer {
        LeakyBackwardReLU() {
            super("relu");
        }

        @Override
        protected INDArray doForward(INDArray x) {
            return Transforms.relu(x, true);
        }

        @Override
        protected INDArray doBackward(INDArray dOut) {
            return dOut.dup();
        }

        @Override
        public int outputWidth(int in) {
            return in;
        }
    }

    @Test
    void correctStudentLayerPassesWithAReadableVerdict() {
        GradReport r = GradCheck.layer(new StudentSigmoid(false)).name("my sigmoid").run();
        assertTrue(r.passed(), r::toString);
        assertTrue(r.toString().startsWith("my sigmoid"), r::toString);
        assertTrue(r.toString().contains(" ok "), r::toString);
        assertEquals(30, r.get("dX").checked(), "a (6, 5) input has 30 entries");
    }

    @Test
    void checkerCatchesAStudentSigmoidThatForgetsOneMinusY() {
        GradReport r = GradCheck.layer(new StudentSigmoid(true)).run();
        assertFalse(r.passed());
        assertTrue(r.get("dX").maxRelError() > 0.1, r::toString);
        assertTrue(r.toString().contains("FAIL"), r::toString);
    }

    @Test
    void checkerCatchesAParameterGradientAveragedInsteadOfSummed() {
        GradReport r = GradCheck.layer(new Scale(4, true)).run();
        assertTrue(r.get("dX").passed(), "the input gradient is right: " + r);
        assertFalse(r.get("w").passed(), "dw averaged over a batch of 6 is 6 times too small: " + r);
        assertEquals(5.0 / 6.0, r.get("w").maxRelError(), 1e-9);
        assertTrue(GradCheck.layer(new Scale(4, false)).run().passed());
    }

    @Test
    void checkerCatchesAReluThatLetsGradientThroughNegativeInputs() {
        GradReport r = GradCheck.layer(new LeakyBackwardReLU()).run();
        assertFalse(r.passed());
        assertEquals(1.0, r.get("dX").maxRelError(), 1e-12, "where x < 0 the true gradient is 0: " + r);
        assertEquals(0.0, r.get("dX").numeric(), 1e-12);
    }

    @Test
    void stepsThatCrossAReluKinkAreRetriedSmallerThenSkipped() {
        // 2e-5 from the kink: h = 3e-4 and 3e-5 cross it (the stencil reaches 2h), h = 3e-6 does not
        INDArray near = Nd4j.create(new double[] {2e-5, -0.7, 1.3, -2e-5}, new long[] {2, 2}, DataType.DOUBLE);
        GradReport r = GradCheck.layer(new ReLU()).input(near).run();
        assertTrue(r.passed(), r::toString);
        assertEquals(0, r.get("dX").skipped());
        // 1e-9 from the kink: every step crosses it, so the entry is left out and reported
        INDArray on = Nd4j.create(new double[] {1e-9, -0.7, 1.3, 0.4}, new long[] {2, 2}, DataType.DOUBLE);
        GradResult g = GradCheck.layer(new ReLU()).input(on).run().get("dX");
        assertEquals(1, g.skipped(), g::toString);
        assertEquals(3, g.checked());
        assertTrue(g.toString().contains("1 skipped at a kink"), g::toString);
    }

    @Test
    void checkLeavesParametersAndRunningStatisticsAsTheyWere() {
        Sequential net = Sequential.of(new Dense(5, 4), new BatchNorm(4));
        net.castTo(DataType.DOUBLE);
        GradCheckSuite.randomize(net, new Random(1));
        List<INDArray> before = net.params().stream().map(p -> p.value().dup()).toList();
        assertTrue(GradCheck.layer(net).run().passed());
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i).data().asDouble(), net.params().get(i).value().data().asDouble(),
                    net.params().get(i).path() + " changed");
        }
    }

    @Test
    void floatLayerIsCastToFloat64ForTheCheck() {
        Dense d = new Dense(3, 2);
        assertEquals(DataType.FLOAT, d.weight().value().dataType());
        assertTrue(GradCheck.layer(d).run().passed());
        assertEquals(DataType.DOUBLE, d.weight().value().dataType());
    }

    @Test
    void sampledCheckComparesOnlyTheRequestedNumberOfEntries() {
        GradReport r = GradCheck.layer(new Dense(20, 10)).sample(7).run();
        assertTrue(r.passed(), r::toString);
        assertEquals(7, r.get("W").checked());
        assertEquals(7, r.get("b").checked());
    }

    @Test
    void relativeErrorJudgesEachEntryBySizeWithAFloorAtAThousandthOfTheLargest() {
        long[] shape = {1, 3};
        int[] all = {0, 1, 2};
        // 1e-9 off on an entry of size 1: relative error 1e-9
        GradResult a = GradResult.compare("t", "g", shape, new double[] {1, 0.5, 0}, new double[] {1 + 1e-9, 0.5, 0}, all, 1, 1e-6);
        assertEquals(1e-9, a.maxRelError(), 1e-12);
        // a true zero computed as 1e-13: measured against the floor 1e-3, not against itself
        GradResult b = GradResult.compare("t", "g", shape, new double[] {1, 0.5, 1e-13}, new double[] {1, 0.5, 0}, all, 1, 1e-6);
        assertEquals(1e-10, b.maxRelError(), 1e-15);
        assertArrayEquals(new long[] {0, 2}, b.worst());
        // a wrong sign fails however small the entry, if it is above the floor
        GradResult c = GradResult.compare("t", "g", shape, new double[] {1, -0.01, 0}, new double[] {1, 0.01, 0}, all, 1, 1e-6);
        assertEquals(1.0 * 2, c.maxRelError(), 1e-12);
        assertFalse(c.passed());
        // a NaN in the analytic gradient fails
        assertFalse(GradResult.compare("t", "g", shape, new double[] {Double.NaN, 0, 0}, new double[] {1, 0, 0}, all, 1, 1e-6).passed());
    }
}
