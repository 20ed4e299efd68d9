package org.residuallab.probe;

import static org.residuallab.probe.ProbeMetrics.*;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Hook;
import org.residuallab.nn.HookHandle;
import org.residuallab.nn.LeakyReLU;
import org.residuallab.nn.Layer;
import org.residuallab.nn.ReLU;
import org.residuallab.nn.Sigmoid;
import org.residuallab.nn.Tanh;

/**
 * Activation statistics on forward: mean and std of each unit's output ({@code out_mean}, {@code out_std})
 * and of each activation layer's output ({@code act_mean}, {@code act_std}), with the saturated fraction
 * of a sigmoid (outside [0.03, 0.97]) or tanh (|y| &gt; 0.97) and the dead fraction of a ReLU (units never
 * positive over the batch), as in Karpathy's makemore diagnostics.
 */
public final class ActivationStats implements Probe {
    static final double SATURATED = 0.97;

    @Override
    public List<HookHandle> attach(ProbeTarget target) {
        List<HookHandle> handles = new ArrayList<>();
        for (ProbeTarget.Unit u : target.units()) {
            StepGate gate = target.gate();
            handles.add(u.layer().addHook(new Hook() {
                @Override
                public void onForward(Layer layer, INDArray in, INDArray out) {
                    long step = gate.poll(layer);
                    if (step < 0) return;
                    double[] s = Stats.meanStd(out); // here, while out is in cache (BLAS, no copy)
                    target.later(() -> {
                        target.record(step, u.name(), u.index(), OUT_MEAN, s[0]);
                        target.record(step, u.name(), u.index(), OUT_STD, s[1]);
                    });
                }
            }));
            for (Layer act : ProbeTarget.activations(u)) {
                StepGate actGate = target.gate();
                handles.add(act.addHook(new Hook() {
                    @Override
                    public void onForward(Layer layer, INDArray in, INDArray out) {
                        long step = actGate.poll(layer);
                        if (step < 0) return;
                        if (!(layer instanceof Tanh || layer instanceof Sigmoid || layer instanceof ReLU || layer instanceof LeakyReLU)) {
                            double[] s = Stats.meanStd(out); // here, while out is in cache (BLAS, no copy)
                            target.later(() -> {
                                target.record(step, layer.path(), u.index(), ACT_MEAN, s[0]);
                                target.record(step, layer.path(), u.index(), ACT_STD, s[1]);
                            });
                            return;
                        }
                        // saturated or dead units take Java loops: on the probe thread, from a copy
                        int rows = out.rank() == 2 ? (int) out.rows() : 1, cols = (int) (out.length() / Math.max(1, rows));
                        target.withCopies(v -> recordActivation(target, step, layer, u.index(), v[0], rows, cols), out);
                    }
                }));
            }
        }
        return handles;
    }

    // v: a copy of the activation's output y (B, C) = (rows, cols)
    private static void recordActivation(ProbeTarget t, long step, Layer act, int index, Stats.Elements v, int rows, int cols) {
        String name = act.path();
        double[] s = Stats.summary(v);
        t.record(step, name, index, ACT_MEAN, s[4]);
        t.record(step, name, index, ACT_STD, s[2]);
        if (act instanceof Tanh) {
            t.record(step, name, index, ACT_SATURATION, Stats.countAbsAbove(v, SATURATED) / (double) v.n);
        } else if (act instanceof Sigmoid) {
            t.record(step, name, index, ACT_SATURATION, Stats.countOutside(v, 1 - SATURATED, SATURATED) / (double) v.n);
        } else if (act instanceof ReLU || act instanceof LeakyReLU) {
            // no example makes the unit positive
            t.record(step, name, index, ACT_DEAD, Stats.deadColumns(v, rows, cols));
        }
    }
}
