package org.residuallab.probe;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Block;
import org.residuallab.nn.Hook;
import org.residuallab.nn.HookHandle;
import org.residuallab.nn.Layer;

/**
 * The residual response (He et al. 2015, Fig. 7): std of each block's branch output F(x), the body's
 * output before α-scaling and the addition ({@code branch_std}). Residual nets learn small responses:
 * each block only nudges the identity. Lesioned (bypassed) blocks are skipped.
 */
public final class ResidualResponse implements Probe {

    @Override
    public List<HookHandle> attach(ProbeTarget target) {
        List<HookHandle> handles = new ArrayList<>();
        for (ProbeTarget.Unit u : target.units()) {
            if (!u.isBlock()) continue;
            Block block = (Block) u.layer();
            StepGate gate = target.gate();
            handles.add(block.addHook(new Hook() {
                @Override
                public void onForward(Layer layer, INDArray in, INDArray out) {
                    if (block.isBypassed()) return;
                    long step = gate.poll(layer);
                    if (step < 0) return;
                    INDArray f = block.body().lastOutput();
                    double[] std = new double[1];
                    target.live(() -> std[0] = Stats.std(f)); // in place, on the probe thread
                    target.later(() -> target.record(step, u.name(), u.index(), ProbeMetrics.BRANCH_STD, std[0]));
                }
            }));
        }
        return handles;
    }
}
