package org.residuallab.probe;

import static org.residuallab.probe.ProbeMetrics.*;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Hook;
import org.residuallab.nn.HookHandle;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Param;

/**
 * Binned histograms (never raw tensors) of each activation layer's output ({@code activation}), of dL/dh
 * at each unit's output ({@code out_grad}) and of each weight matrix's gradient ({@code weight_grad}).
 * Each histogram has its own [min, max] range split into equal bins; they are recorded on the histogram
 * grid ({@link Probes#histogramEvery}) with a cap on the number of steps kept.
 */
public final class Histograms implements Probe {

    @Override
    public List<HookHandle> attach(ProbeTarget target) {
        List<HookHandle> handles = new ArrayList<>();
        for (ProbeTarget.Unit u : target.units()) {
            for (Layer act : ProbeTarget.activations(u)) {
                StepGate gate = target.histogramGate();
                handles.add(act.addHook(new Hook() {
                    @Override
                    public void onForward(Layer layer, INDArray in, INDArray out) {
                        long step = gate.poll(layer);
                        if (step >= 0) target.histogram(step, layer.path(), u.index(), HIST_ACTIVATION, out);
                    }
                }));
            }
            List<Param> weights = new ArrayList<>();
            for (Param p : ProbeTarget.trainableParams(u)) if (GradientNorms.isWeightMatrix(p)) weights.add(p);
            StepGate gate = target.histogramGate();
            handles.add(u.layer().addHook(new Hook() {
                @Override
                public void onBackward(Layer layer, INDArray dOut, INDArray dX) {
                    long step = gate.poll(layer);
                    if (step < 0) return;
                    target.histogram(step, u.name(), u.index(), HIST_OUT_GRAD, dOut);
                    for (Param p : weights) target.histogram(step, p.path(), u.index(), HIST_WEIGHT_GRAD, p.grad());
                }
            }));
        }
        return handles;
    }
}
