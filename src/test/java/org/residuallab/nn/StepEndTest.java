package org.residuallab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Model.onStepEnd: runs after every lossAndBackward, also a failed one, and stops when its handle closes. */
class StepEndTest {
    @Test
    void stepEndRunsAfterEveryStepAlsoAFailedOneAndDetaches() {
        Model m = Models.mlp(2, 4, "tanh", Init.lecun(), BlockKind.RESIDUAL).inputs(3).outputs(2).seed(1).build();
        INDArray x = Nd4j.ones(DataType.FLOAT, 2, 3), y = Nd4j.create(new float[][] {{1, 0}, {0, 1}});
        AtomicInteger ends = new AtomicInteger();
        HookHandle h = m.onStepEnd(ends::incrementAndGet);
        m.lossAndBackward(x, y);
        m.lossAndBackward(x, y);
        assertEquals(2, ends.get());
        INDArray bad = x.dup();
        bad.putScalar(0, 0, Float.NaN);
        assertThrows(NonFiniteException.class, () -> m.lossAndBackward(bad, y));
        assertEquals(3, ends.get());
        h.close();
        m.lossAndBackward(x, y);
        assertEquals(3, ends.get());
        assertThrows(IllegalArgumentException.class, () -> m.onStepEnd(null));
    }
}
