package org.residuallab.check;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.check.StudentLayers.BlockBug;
import org.residuallab.check.StudentLayers.DenseBug;
import org.residuallab.nn.Dense;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Tanh;

/** The student-facing assertions accept right layers and reject typical wrong ones with a message that says why. */
class AssertionsTest {
    private static final INDArray X = Inputs.batch(4, 3);

    private static StudentLayers.Dense dense(DenseBug bug) {
        return new StudentLayers.Dense(3, 2, bug);
    }

    private static StudentLayers.Block block(BlockBug bug) {
        return new StudentLayers.Block(bug, new Dense(3, 3), new Tanh(), new Dense(3, 3));
    }

    @Test
    void aRightDenseLayerPassesEveryLayerAssertion() {
        assertDoesNotThrow(() -> Assertions.assertGradientsMatchFiniteDifferences(dense(DenseBug.NONE), X));
        assertDoesNotThrow(() -> Assertions.assertOutputShape(dense(DenseBug.NONE), new long[] {3}, 2));
        assertDoesNotThrow(() -> Assertions.assertBackwardAccumulates(dense(DenseBug.NONE), X));
        assertDoesNotThrow(() -> Assertions.assertSameAsReference(dense(DenseBug.NONE), new Dense(3, 2), X));
    }

    static Stream<Arguments> wrongDenseLayers() {
        return Stream.of(
                Arguments.of(DenseBug.TODO_ZEROS, "forward's output does not change when its input changes"),
                Arguments.of(DenseBug.THROWS_TODO, "forward on a batch of shape (4, 3) threw UnsupportedOperationException: TODO"),
                Arguments.of(DenseBug.NULL_DX, "backward returned null; it must return dX"),
                Arguments.of(DenseBug.WRONG_DX_SHAPE, "dX must have the input's shape (4, 3)"),
                Arguments.of(DenseBug.SIGN_FLIPPED, "the sign is flipped"),
                Arguments.of(DenseBug.MEAN_NOT_SUM, "a mean over the batch where a sum belongs?"),
                Arguments.of(DenseBug.NO_BIAS_GRAD, "does backward add into b.grad(), e.g. b.grad().addi(...)?"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongDenseLayers")
    void aWrongBackwardFailsTheGradientCheckSayingWhy(DenseBug bug, String says) {
        AssertionError e = assertThrows(AssertionError.class, () -> Assertions.assertGradientsMatchFiniteDifferences(dense(bug), X));
        assertTrue(e.getMessage().contains(says), e.getMessage());
        assertTrue(e.getMessage().startsWith("Dense 'studentdense'"), e.getMessage());
    }

    @Test
    void theGradientCheckNamesTheEntryAndBothValues() {
        String m = LayerChecks.gradients(dense(DenseBug.SIGN_FLIPPED), X).message();
        assertTrue(m.contains("✘ dX (4, 3): at [") && m.contains("yours is") && m.contains("finite differences give"), m);
        assertTrue(m.contains("✔ the gradient of W (3, 2) matches"), m);
    }

    @Test
    void aBackwardThatAssignsInsteadOfAddingFailsTheAccumulationCheck() {
        AssertionError e = assertThrows(AssertionError.class, () -> Assertions.assertBackwardAccumulates(dense(DenseBug.ASSIGNS_GRAD), X));
        assertTrue(e.getMessage().contains("backward replaced the gradient instead of adding to it"), e.getMessage());
    }

    @Test
    void aLayerThatComputesSomethingElseDiffersFromTheReference() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Assertions.assertSameAsReference(dense(DenseBug.TODO_ZEROS), new Dense(3, 2), X));
        assertTrue(e.getMessage().contains("✘ out differs by up to"), e.getMessage());
        AssertionError shapes = assertThrows(AssertionError.class,
                () -> Assertions.assertSameAsReference(new StudentLayers.Dense(3, 4, DenseBug.NONE), new Dense(3, 2), X));
        assertTrue(shapes.getMessage().contains("W (3, 4), b (1, 4)"), shapes.getMessage());
    }

    @Test
    void aWrongShapeIsNamedWithBothShapes() {
        AssertionError e = assertThrows(AssertionError.class, () -> Assertions.assertShape(X, 4, 5));
        assertEquals("expected an array of shape (4, 5) but got (4, 3)", e.getMessage());
        AssertionError layer = assertThrows(AssertionError.class, () -> Assertions.assertOutputShape(dense(DenseBug.NONE), new long[] {3}, 5));
        assertTrue(layer.getMessage().contains("outputShape says (2) but they should come out as (5)"), layer.getMessage());
    }

    @Test
    void aRightResidualBlockAndItsPlainTwinPassTheBlockAssertions() {
        assertDoesNotThrow(() -> Assertions.assertIdentityWhenBranchIsZero(block(BlockBug.NONE), X));
        assertDoesNotThrow(() -> Assertions.assertGradientsMatchFiniteDifferences(block(BlockBug.NONE), X));
        assertDoesNotThrow(() -> Assertions.assertSameParameters(block(BlockBug.NONE), block(BlockBug.PLAIN)));
        assertDoesNotThrow(() -> Assertions.assertPlainTwin(block(BlockBug.NONE), block(BlockBug.PLAIN), X));
    }

    static Stream<Arguments> wrongBlocks() {
        return Stream.of(
                Arguments.of(BlockBug.NO_SKIP, "the block returned only zeros: F(x) alone, without the skip (+ x)?"),
                Arguments.of(BlockBug.SKIP_TWICE, "the block returned 2x: is x added twice?"),
                Arguments.of(BlockBug.NO_SKIP_GRADIENT, "dX is all zeros: only the branch's gradient (0 here), without the skip's?"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongBlocks")
    void aWrongResidualBlockIsNotTheIdentityAtZeroBranch(BlockBug bug, String says) {
        AssertionError e = assertThrows(AssertionError.class, () -> Assertions.assertIdentityWhenBranchIsZero(block(bug), X));
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }

    @Test
    void theIdentityCheckLeavesTheParametersAsTheyWere() {
        StudentLayers.Block b = block(BlockBug.NONE);
        INDArray before = b.params().get(0).value().dup();
        Assertions.assertIdentityWhenBranchIsZero(b, X);
        assertEquals(before.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE), b.params().get(0).value());
    }

    @Test
    void aPlainTwinWithOtherParametersOrTheSkipIsRejected() {
        Layer other = new StudentLayers.Block(BlockBug.PLAIN, new Dense(3, 3), new Tanh());
        AssertionError e = assertThrows(AssertionError.class, () -> Assertions.assertPlainTwin(block(BlockBug.NONE), other, X));
        assertTrue(e.getMessage().contains("has 4 parameters: W (3, 3), b (1, 3), W (3, 3), b (1, 3)")
                && e.getMessage().contains("has 2 parameters"), e.getMessage());
        AssertionError skip = assertThrows(AssertionError.class, () -> Assertions.assertPlainTwin(block(BlockBug.NONE), block(BlockBug.NONE), X));
        assertTrue(skip.getMessage().contains("(x) must be x (the skip)"), skip.getMessage());
    }

    @Test
    void aCheckPrintsATickOrTheMessage() {
        assertTrue(LayerChecks.gradients(dense(DenseBug.NONE), X).toString().startsWith("✔ Dense 'studentdense': backward matches"));
        Check wrong = BlockChecks.identityWhenBranchIsZero(block(BlockBug.NO_SKIP), X);
        assertFalse(wrong.passed());
        assertTrue(wrong.toString().startsWith("✘ with every parameter of"), wrong.toString());
    }
}
