package com.example;

import static org.residuallab.check.Assertions.*;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.check.Inputs;
import org.residuallab.nn.Dense;

/** Grades MyDense: run {@code mvn test}. */
class MyDenseTest {
    private final INDArray x = Inputs.batch(4, 3); // 4 examples of 3 features, seeded

    @Test
    void mapsThreeFeaturesToFour() {
        assertOutputShape(new MyDense(3, 4), new long[] {3}, 4);
    }

    @Test
    void computesWhatTheLibrarysDenseComputes() {
        assertSameAsReference(new MyDense(3, 4), new Dense(3, 4), x);
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        assertGradientsMatchFiniteDifferences(new MyDense(3, 4), x);
    }

    @Test
    void backwardAddsIntoTheParameterGradients() {
        assertBackwardAccumulates(new MyDense(3, 4), x);
    }
}
