package org.residuallab.probe;

import static org.residuallab.probe.ProbeMetrics.OUT_GRAD;
import static org.residuallab.probe.ProbeMetrics.PARAM_GRAD;
import static org.residuallab.probe.ProbeMetrics.WEIGHT_GRAD;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
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
    public void onBackward(ProbeContext at, INDArray dOut, INDArray dX) {
        record(at, at.unit().name(), OUT_GRAD, Stats.summary(dOut));
        List<double[]> weights = new ArrayList<>();
        for (Param p : at.unit().trainableParams()) {
            double[] s = Stats.summary(p.grad());
            record(at, p.path(), PARAM_GRAD, s);
            if (Unit.isWeight(p)) weights.add(s);
        }
        if (!weights.isEmpty()) record(at, at.unit().name(), WEIGHT_GRAD, Stats.pool(weights));
    }

    // s = {l2, mean |.|, std, max |.|, ...} as four rows, e.g. out_grad_l2, out_grad_mean_abs, out_grad_std, out_grad_max_abs
    private static void record(ProbeContext at, String layer, String[] metrics, double[] s) {
        for (int k = 0; k < metrics.length; k++) at.record(layer, metrics[k], s[k]);
    }
}
