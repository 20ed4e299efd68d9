package com.example;

import static org.residuallab.check.Assertions.*;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.check.Inputs;
import org.residuallab.nn.Dense;
import org.residuallab.nn.PlainBlock;
import org.residuallab.nn.Tanh;

/** Grades MyResidualBlock, on a body of the library's layers (so it does not depend on MyDense): run {@code mvn test}. */
class MyResidualBlockTest {
    private final INDArray x = Inputs.batch(4, 8);

    private static MyResidualBlock block() {
        return new MyResidualBlock(new Dense(8, 8), new Tanh(), new Dense(8, 8));
    }

    @Test
    void isTheIdentityWhenItsBranchIsZero() {
        assertIdentityWhenBranchIsZero(block(), x);
    }

    @Test
    void differsFromItsPlainTwinOnlyByTheSkip() {
        assertPlainTwin(block(), PlainBlock.of(new Dense(8, 8), new Tanh(), new Dense(8, 8)), x);
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        assertGradientsMatchFiniteDifferences(block(), x);
    }
}
