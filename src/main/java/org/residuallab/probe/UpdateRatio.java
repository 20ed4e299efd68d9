package org.residuallab.probe;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.Param;
import org.residuallab.nn.fast.Blas;

/**
 * Update-to-data ratio per parameter: log10(std(W after − W before) / std(W before)) for the optimizer
 * step taken at a recorded step ({@code update_ratio_log10}); about −3 is healthy (Karpathy). The
 * weights are copied when a recorded step starts and compared when the next step starts, so it works
 * with any training loop, and a row for step s appears once step s + 1 has started (the run's very last
 * recorded step has none). Parameters whose weight or update has zero std (zero-initialised biases at
 * step 0, frozen parameters) give no row.
 */
public final class UpdateRatio implements Probe {

    /** A unit's parameters and, after a recorded step started, their weights then. */
    private static final class Held {
        final List<Param> params = new ArrayList<>();
        final INDArray[] before;
        long step = -1; // the step the copies are from, or -1: none held

        Held(Unit unit) {
            for (Param p : unit.trainableParams()) if (p.size() > 1) params.add(p);
            before = new INDArray[params.size()];
        }
    }

    @Override
    public void onStep(ProbeContext at) {
        Held held = at.state(() -> new Held(at.unit()));
        if (held.step < 0 && !at.recording()) return; // most steps: nothing held, nothing to keep
        for (int i = 0; i < held.params.size(); i++) {
            Param p = held.params.get(i);
            INDArray w = p.value(), c = held.before[i];
            boolean fits = c != null && c.equalShapes(w) && c.dataType() == w.dataType();
            if (held.step >= 0 && at.step() > held.step && fits) { // the weights now are those after step held.step's update
                double[] stds = Stats.updateStds(c, w); // {std(W before), std(update)}; c becomes W before − W after
                if (stds[0] > 0 && stds[1] > 0) at.record(held.step, p.path(), ProbeMetrics.UPDATE_RATIO_LOG10, Math.log10(stds[1] / stds[0]));
            }
            if (!at.recording()) continue;
            if (!fits) held.before[i] = c = Nd4j.createUninitializedDetached(w.dataType(), w.shape());
            Blas.copy(w, c);
        }
        held.step = at.recording() ? at.step() : -1;
    }
}
