package org.residuallab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.residuallab.nn.TestData.gaussian;
import static org.residuallab.nn.TestData.values;

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
import org.residuallab.check.GradCheck;
import org.residuallab.check.GradReport;

/** What every layer promises: shapes as outputShape says, and arrays that belong to the caller. */
class LayerContractTest {

    /** Every layer kind of the library, built for (B, 6) batches. */
    static Stream<Arguments> layers() {
        return Stream.<Supplier<Layer>>of(
                () -> new Dense(6, 4), Tanh::new, ReLU::new, Sigmoid::new, () -> new LeakyReLU(0.1), GELU::new, Identity::new,
                () -> new BatchNorm(6), () -> new LayerNorm(6), () -> new Dropout(0.3),
                () -> Sequential.of(new Dense(6, 5), new Tanh()),
                () -> Blocks.mlp(BlockKind.RESIDUAL, 6, "relu", Init.he(), 2, true),
                () -> Blocks.mlp(BlockKind.PLAIN, 6, "tanh", Init.glorotUniform(), 1, false),
                () -> ResidualBlock.of(new Dense(6, 3), new ReLU()).learnableBranchScale(0.5))
                .map(s -> Arguments.of(s.get().kind(), s));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void forwardAndBackwardReturnArraysTheCallerOwns(String kind, Supplier<Layer> make) {
        Layer l = make.get();
        l.init(new Random(3));
        INDArray y1 = l.forward(gaussian(1, 8, 6, DataType.FLOAT)), kept = y1.dup();
        INDArray dX1 = l.backward(gaussian(2, 8, (int) y1.columns(), DataType.FLOAT)), keptDX = dX1.dup();
        INDArray y2 = l.forward(gaussian(3, 8, 6, DataType.FLOAT));
        l.backward(gaussian(4, 8, (int) y2.columns(), DataType.FLOAT));
        assertArrayEquals(values(kept), values(y1), 0.0, kind + ": a second forward changed the first result");
        assertArrayEquals(values(keptDX), values(dX1), 0.0, kind + ": a second backward changed the first result");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void forwardReturnsTheShapeOutputShapeStates(String kind, Supplier<Layer> make) {
        Layer l = make.get();
        INDArray y = l.forward(gaussian(1, 5, 6, DataType.FLOAT));
        assertArrayEquals(l.outputShape(new long[] {6}), Shapes.example(y.shape()), kind);
        assertEquals(y.columns(), l.outputWidth(6), kind);
    }

    @Test
    void denseAndLayerNormActOnTheLastAxisOfASequenceBatch() {
        INDArray x = Nd4j.randn(new Random(5).nextLong(), new long[] {2, 3, 4}).castTo(DataType.DOUBLE);
        for (Layer l : new Layer[] {new Dense(4, 3), new LayerNorm(4), Sequential.of(new LayerNorm(4), new Dense(4, 6), new GELU())}) {
            assertArrayEquals(Shapes.example(l.forward(x.castTo(DataType.FLOAT)).shape()), l.outputShape(new long[] {3, 4}));
            GradReport r = GradCheck.layer(l).input(x).run();
            assertTrue(r.passed(), l.kind() + " on (B, T, C): " + r);
        }
    }

    @Test
    void aSequenceBatchOfTheWrongWidthNamesTheLayerAndTheShapes() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> new LayerNorm(4).forward(Nd4j.zeros(DataType.FLOAT, 2, 3, 5)));
        assertTrue(e.getMessage().contains("LayerNorm") && e.getMessage().contains("(B, ..., 4)") && e.getMessage().contains("(2, 3, 5)"), e.getMessage());
    }

    @Test
    void aModelWhoseFirstLayerTakesAnyShapeAsksForItsInputShape() {
        Model any = Model.of("any", Sequential.of(new Tanh(), new Dropout(0.1)));
        IllegalStateException e = assertThrows(IllegalStateException.class, any::inputShape);
        assertTrue(e.getMessage().contains("inputShape("), e.getMessage());
        assertArrayEquals(new long[] {3, 4}, any.inputShape(3, 4).outputShape());
        Model ln = Model.of("ln", Sequential.of(new Tanh(), new LayerNorm(4)));
        assertArrayEquals(new long[] {4}, ln.inputShape());
        assertArrayEquals(new long[] {3, 4}, ln.inputShape(3, 4).outputShape());
        assertThrows(ShapeMismatchException.class, () -> ln.inputShape(3, 5));
        assertThrows(IllegalArgumentException.class, () -> ln.inputShape(0, 4));
    }

    /** A layer written for (B, F) batches before shapes existed: it overrides the widths only. */
    static final class Doubler extends Layer {
        Doubler() { super("doubler"); }

        @Override public int outputWidth(int in) { return 2 * in; }

        @Override protected INDArray doForward(INDArray x) { return Nd4j.concat(1, x, x); }

        @Override protected INDArray doBackward(INDArray dOut) {
            long c = dOut.columns() / 2;
            return dOut.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, c))
                    .add(dOut.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(c, 2 * c)));
        }
    }

    @Test
    void aLayerThatOverridesOnlyTheWidthsStillChainsAndChecks() {
        Sequential s = Sequential.of(new Dense(3, 4), new Doubler(), new Dense(8, 2));
        assertArrayEquals(new long[] {2}, s.outputShape(new long[] {3}));
        assertThrows(ShapeMismatchException.class, () -> Sequential.of(new Dense(3, 4), new Doubler(), new Dense(4, 2)));
        assertTrue(GradCheck.layer(s).run().passed());
    }
}
