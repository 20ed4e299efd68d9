package org.residuallab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Parameters: gradients made when first needed, and shape-only parameters for summaries of big models. */
class ParamTest {

    @Test
    void aModelBuiltWithShapesOnlyCountsItsParametersButRefusesToRun() {
        Model big = Param.shapesOnly(() -> Models.mlp(4, 1024, "relu", Init.he(), BlockKind.RESIDUAL).inputs(784).outputs(10).build());
        Model real = Models.mlp(4, 1024, "relu", Init.he(), BlockKind.RESIDUAL).inputs(784).outputs(10).build();
        assertEquals(real.summary().totalParams(), big.summary().totalParams());
        assertEquals(real.summary().toString().replace(real.name(), "x"), big.summary().toString().replace(big.name(), "x"));
        assertTrue(big.params().stream().allMatch(Param::shapeOnly));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> big.forward(Nd4j.zeros(DataType.FLOAT, 2, 784)));
        assertTrue(e.getMessage().contains("dense1/") && e.getMessage().contains("summary only"), e.getMessage());
    }

    @Test
    void parametersBuiltOutsideShapesOnlyHaveValues() {
        Param.shapesOnly(() -> new Dense(3, 2));
        assertTrue(new Dense(3, 2).params().stream().noneMatch(Param::shapeOnly));
    }

    @Test
    void aGradientIsMadeWhenFirstNeededAndZeroedInPlace() {
        Param p = Param.of("w", true, 0.5, 2, 3);
        assertEquals(0.0, p.grad().sumNumber().doubleValue());
        p.grad().assign(4);
        p.zeroGrad();
        assertEquals(0.0, p.grad().sumNumber().doubleValue());
        assertNull(Param.of("running", false, 1, 1, 3).grad());
    }
}
