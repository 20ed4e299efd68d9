package org.residuallab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.residuallab.nn.TestData.gaussian;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Bad input fails early with a message naming what was wrong. */
class BadInputTest {

    @Test
    void shapeMismatchNamesTheLayerItsPositionAndBothShapes() {
        Model m = Models.mlp(3, 8, "relu", Init.he(), BlockKind.RESIDUAL).inputs(4).build();
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> m.forward(gaussian(1, 3, 5, DataType.FLOAT)));
        assertContains(e.getMessage(), "Dense 'dense1'", "layer 0 of 'model'", "(B, 4)", "(3, 5)");
    }

    @Test
    void shapeMismatchInsideABlockNamesTheNestedLayerAndItsPosition() {
        ResidualBlock b = Blocks.postActivation(8, Init.he());
        Model.of("one-block", Sequential.of(new Dense(4, 8), b));
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> b.forward(gaussian(1, 2, 7, DataType.FLOAT)));
        assertContains(e.getMessage(), "Dense 'block1/body/dense1'", "layer 0 of 'block1/body'", "(B, 8)", "(2, 7)");
        e = assertThrows(ShapeMismatchException.class, () -> b.body().get(3).forward(gaussian(1, 2, 7, DataType.FLOAT)));
        assertContains(e.getMessage(), "Dense 'block1/body/dense2'", "layer 3 of 'block1/body'", "(B, 8)", "(2, 7)");
    }

    @Test
    void addingALayerOfTheWrongWidthNamesItsPositionAndBothWidths() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> Sequential.of(new Dense(4, 5), new Dense(6, 3)));
        assertContains(e.getMessage(), "layer 1", "outputs (B, 5)", "expected input of shape (B, 6)");
    }

    @Test
    void backwardWithAGradientOfTheWrongShapeNamesBothShapes() {
        Dense d = new Dense(4, 3);
        d.forward(gaussian(1, 2, 4, DataType.FLOAT));
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> d.backward(gaussian(1, 2, 4, DataType.FLOAT)));
        assertContains(e.getMessage(), "Dense", "(2, 3)", "(2, 4)");
    }

    @Test
    void lossWithTargetsOfTheWrongShapeNamesTheLossAndBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Loss.softmaxCrossEntropy().forward(gaussian(1, 4, 10), gaussian(1, 4, 9)));
        assertContains(e.getMessage(), "softmax-cross-entropy", "(4, 10)", "(4, 9)");
    }

    static Stream<Arguments> invalidHyperParameters() {
        return Stream.of(
                Arguments.of("depth", (Executable) () -> Models.mlp(0, 8, "relu", Init.he(), BlockKind.PLAIN)),
                Arguments.of("depth", (Executable) () -> Models.mlp().depth(-3)),
                Arguments.of("width", (Executable) () -> Models.mlp(4, 0, "relu", Init.he(), BlockKind.RESIDUAL)),
                Arguments.of("width", (Executable) () -> new BatchNorm(0)),
                Arguments.of("in (input width)", (Executable) () -> new Dense(0, 3)),
                Arguments.of("out (output width)", (Executable) () -> new Dense(3, 0)),
                Arguments.of("learning rate", (Executable) () -> Optimizer.sgd(-0.1)),
                Arguments.of("learning rate", (Executable) () -> Optimizer.adam(-1e-3)),
                Arguments.of("learning rate", (Executable) () -> Schedule.cosine(0.1, 100, -0.01)),
                Arguments.of("learning rate", (Executable) () -> Optimizer.sgd(Double.NaN)),
                Arguments.of("dropout probability p", (Executable) () -> new Dropout(1.0)),
                Arguments.of("dropout probability p", (Executable) () -> new Dropout(-0.1)),
                Arguments.of("momentum", (Executable) () -> new Sgd(Schedule.constant(0.1), 1.0, 0)),
                Arguments.of("layers per block", (Executable) () -> Blocks.mlp(BlockKind.RESIDUAL, 8, "relu", Init.he(), 0, false)),
                Arguments.of("unknown activation 'softplus'", (Executable) () -> Models.mlp().activation("softplus")),
                Arguments.of("unknown init 'glorious'", (Executable) () -> Init.parse("glorious")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidHyperParameters")
    void invalidHyperParameterFailsAtConstructionNamingTheArgument(String argument, Executable construct) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construct);
        assertTrue(e.getMessage().contains(argument), "message should name '" + argument + "': " + e.getMessage());
    }

    @Test
    void nanInAWeightStopsTrainingNamingTheStepAndTheFirstLayerWhereItAppeared() {
        Model m = Models.mlp(4, 8, "relu", Init.he(), BlockKind.RESIDUAL).inputs(4).outputs(3).seed(1).build();
        INDArray x = gaussian(1, 6, 4, DataType.FLOAT), y = Loss.oneHot(new int[] {0, 1, 2, 0, 1, 2}, 3, DataType.FLOAT);
        Optimizer opt = Optimizer.sgd(0.01);
        for (int i = 0; i < 3; i++) {
            m.lossAndBackward(x, y);
            opt.step(m.params());
        }
        Dense poisoned = (Dense) m.blocks().get(2).body().get(1); // body: relu1, dense1
        poisoned.weight().value().putScalar(5, Double.NaN);
        NonFiniteException e = assertThrows(NonFiniteException.class, () -> m.lossAndBackward(x, y));
        assertEquals(3, e.step());
        assertEquals("block3/body/dense1", e.layerPath());
        assertContains(e.getMessage(), "step 3", "block3/body/dense1");
    }

    @Test
    void nanInTheInputIsReportedAtTheFirstLayer() {
        Model m = Models.mlp(2, 8, "tanh", Init.he(), BlockKind.PLAIN).inputs(4).outputs(3).build();
        INDArray x = gaussian(1, 6, 4, DataType.FLOAT);
        x.putScalar(7, Float.NaN);
        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> m.lossAndBackward(x, Loss.oneHot(new int[] {0, 1, 2, 0, 1, 2}, 3, DataType.FLOAT)));
        assertEquals(0, e.step());
        assertEquals("dense1", e.layerPath());
    }

    private static void assertContains(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), "message should contain '" + p + "': " + message);
    }
}
