package org.residuallab.probe;

import static org.residuallab.probe.ProbeMetrics.SUFFIXES;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Hook;
import org.residuallab.nn.HookHandle;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Param;

/**
 * Gradient norms on backward: dL/dh at each unit's output ({@code out_grad_*}), dL/dW pooled over the
 * unit's weight matrices ({@code weight_grad_*}) and every trainable parameter's gradient
 * ({@code param_grad_*}), each as L2 norm, mean |.|, std and max |.|. Glorot and Bengio (2010) showed
 * the back-propagated and the weight gradients can tell different stories, so both are recorded.
 * Parameter gradients are complete when the unit's backward returns, so one hook per unit suffices.
 */
public final class GradientNorms implements Probe {

    @Override
    public List<HookHandle> attach(ProbeTarget target) {
        List<HookHandle> handles = new ArrayList<>();
        for (ProbeTarget.Unit u : target.units()) {
            StepGate gate = target.gate();
            List<Param> params = ProbeTarget.trainableParams(u);
            handles.add(u.layer().addHook(new Hook() {
                @Override
                public void onBackward(Layer layer, INDArray dOut, INDArray dX) {
                    long step = gate.poll(layer);
                    if (step < 0) return;
                    // summarised in place on the probe thread (BLAS, no copy) before the step ends; recorded in order
                    INDArray[] arrays = new INDArray[1 + params.size()]; // dOut, then each parameter's gradient
                    arrays[0] = dOut;
                    for (int i = 0; i < params.size(); i++) arrays[i + 1] = params.get(i).grad();
                    double[][] s = new double[arrays.length][];
                    target.live(() -> {
                        for (int i = 0; i < arrays.length; i++) s[i] = Stats.summary(arrays[i]);
                    });
                    target.later(() -> {
                        record(target, step, u.name(), u.index(), "out_grad", s[0]);
                        List<double[]> weights = new ArrayList<>();
                        for (int i = 0; i < params.size(); i++) {
                            Param p = params.get(i);
                            record(target, step, p.path(), u.index(), "param_grad", s[i + 1]);
                            if (isWeightMatrix(p)) weights.add(s[i + 1]);
                        }
                        if (!weights.isEmpty()) record(target, step, u.name(), u.index(), "weight_grad", Stats.pool(weights));
                    });
                }
            }));
        }
        return handles;
    }

    /** A Dense layer's W (not a bias, BatchNorm's γ/β or a branch scale α). */
    static boolean isWeightMatrix(Param p) {
        return p.name().equals("W");
    }

    private static void record(ProbeTarget t, long step, String layer, int index, String prefix, double[] s) {
        for (int k = 0; k < SUFFIXES.length; k++) t.record(step, layer, index, prefix + SUFFIXES[k], s[k]);
    }
}
