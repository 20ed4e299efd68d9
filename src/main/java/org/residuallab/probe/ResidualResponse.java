package org.residuallab.probe;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Block;
import org.residuallab.nn.Layer;

/**
 * The residual response (He et al. 2015, Fig. 7): std of each block's branch output F(x), the body's
 * output before α-scaling and the addition ({@code branch_std}, on the block's row). Residual nets learn
 * small responses: each block only nudges the identity. It watches each block's body, so a lesioned
 * (bypassed) block, whose body does not run, gives no row.
 */
public final class ResidualResponse implements Probe {

    @Override
    public List<Layer> watch(Unit unit) {
        return unit.layer() instanceof Block ? List.of(((Block) unit.layer()).body()) : List.of(); // not a transformer block's sub-blocks
    }

    /** fx (B, ...) is F(x), the body's output. */
    @Override
    public void onForward(ProbeContext at, INDArray x, INDArray fx) {
        at.record(at.unit().name(), ProbeMetrics.BRANCH_STD, Stats.std(fx));
    }
}
