package org.residuallab.probe;

import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.Blas;
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
 * step 0, frozen parameters) give no row. Each forward that compares or records copies each weight once
 * (on the probe thread, before the step ends, into a pooled array of the weight's shape): that copy is
 * "after" for one comparison and "before" for the next. The comparison works on the copies where they lie.
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
                // copies of the weights at the recorded step 'beforeStep' (or -1: none held); spare copies come
                // back through 'free'. A copy is made on the probe thread, in place, before the step ends.
                private final Map<Param, Copy> before = new IdentityHashMap<>();
                private final Map<Param, Deque<INDArray>> free = new IdentityHashMap<>();
                private long beforeStep = -1;

                {
                    for (Param p : params) free.put(p, new ConcurrentLinkedDeque<>());
                }

                @Override
                public void onForward(Layer layer, INDArray in, INDArray out) {
                    boolean compare = beforeStep >= 0 && target.step() > beforeStep;
                    long step = gate.poll(layer);
                    if (!compare && step < 0) return;
                    long previous = beforeStep;
                    boolean keep = step >= 0;
                    Copy[] now = new Copy[params.size()];
                    for (int i = 0; i < now.length; i++) now[i] = new Copy();
                    target.live(() -> { // one piece of work for all the unit's weights
                        for (int i = 0; i < now.length; i++) {
                            Param p = params.get(i);
                            INDArray c = free.get(p).pollFirst();
                            if (c == null || !c.equalShapes(p.value()) || c.dataType() != p.value().dataType()) {
                                c = Nd4j.createUninitializedDetached(p.value().dataType(), p.value().shape());
                            }
                            Blas.copy(p.value(), c);
                            now[i].array = c;
                        }
                    });
                    for (int i = 0; i < now.length; i++) {
                        Param p = params.get(i);
                        Copy after = now[i];
                        if (compare) {
                            Copy b = before.remove(p);
                            Deque<INDArray> spare = free.get(p);
                            target.later(() -> {
                                record(target, previous, p, u.index(), b.array, after.array);
                                spare.addFirst(b.array);
                                if (!keep) spare.addFirst(after.array);
                            });
                        }
                        if (keep) before.put(p, after);
                    }
                    beforeStep = keep ? step : -1;
                }
            }));
        }
        return handles;
    }

    /** A weight's copy, filled on the probe thread. */
    private static final class Copy {
        INDArray array;
    }

    // overwrites 'before' (it goes back to the pool)
    private static void record(ProbeTarget t, long step, Param p, int index, INDArray before, INDArray after) {
        double[] stds = Stats.updateStds(before, after);
        double data = stds[0], update = stds[1];
        if (data > 0 && update > 0) t.record(step, p.path(), index, ProbeMetrics.UPDATE_RATIO_LOG10, Math.log10(update / data));
    }
}
