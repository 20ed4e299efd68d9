package org.residuallab.probe;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.fast.Blas;
import org.residuallab.nn.Hook;
import org.residuallab.nn.HookHandle;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Param;

/**
 * Update-to-data ratio per parameter: log10(std(W after − W before) / std(W before)) for the optimizer
 * step taken at a recorded step ({@code update_ratio_log10}); about −3 is healthy (Karpathy). The
 * weights are copied at the recorded step's forward and compared at the next forward, so it works with
 * any training loop, and a row for step s appears once step s + 1 has started (the run's very last
 * recorded step has none). Parameters whose weight or update has zero std (zero-initialised biases at
 * step 0, frozen parameters) give no row. Each parameter has one copy, on the probe thread: a forward
 * that compares subtracts the weights from it where they lie, and a forward that records copies them
 * into it, so the weights are read once per forward, before the step ends.
 */
public final class UpdateRatio implements Probe {

    @Override
    public List<HookHandle> attach(ProbeTarget target) {
        List<HookHandle> handles = new ArrayList<>();
        for (ProbeTarget.Unit u : target.units()) {
            List<Param> params = new ArrayList<>();
            for (Param p : ProbeTarget.trainableParams(u)) if (p.size() > 1) params.add(p);
            if (params.isEmpty()) continue;
            StepGate gate = target.gate();
            handles.add(u.layer().addHook(new Hook() {
                // each parameter's weights at the recorded step 'beforeStep' (or -1: none held); used by one piece of
                // in-place work at a time (the next is handed over after the step that waits for this one)
                private final INDArray[] copies = new INDArray[params.size()];
                private long beforeStep = -1;

                @Override
                public void onForward(Layer layer, INDArray in, INDArray out) {
                    boolean compare = beforeStep >= 0 && target.step() > beforeStep;
                    long step = gate.poll(layer);
                    if (!compare && step < 0) return;
                    long previous = beforeStep;
                    boolean keep = step >= 0;
                    double[][] stds = new double[params.size()][]; // {std(W before), std(update)} per parameter
                    target.live(() -> { // one piece of work for all the unit's weights
                        for (int i = 0; i < copies.length; i++) {
                            INDArray w = params.get(i).value(), c = copies[i];
                            boolean held = c != null && c.equalShapes(w) && c.dataType() == w.dataType();
                            if (compare && held) stds[i] = Stats.updateStds(c, w); // c becomes −(W after − W before)
                            if (!keep) continue;
                            if (!held) copies[i] = c = Nd4j.createUninitializedDetached(w.dataType(), w.shape());
                            Blas.copy(w, c);
                        }
                    });
                    if (compare) {
                        target.later(() -> {
                            for (int i = 0; i < stds.length; i++) if (stds[i] != null) record(target, previous, params.get(i), u.index(), stds[i]);
                        });
                    }
                    beforeStep = keep ? step : -1;
                }
            }));
        }
        return handles;
    }

    private static void record(ProbeTarget t, long step, Param p, int index, double[] stds) {
        double data = stds[0], update = stds[1];
        if (data > 0 && update > 0) t.record(step, p.path(), index, ProbeMetrics.UPDATE_RATIO_LOG10, Math.log10(update / data));
    }
}
