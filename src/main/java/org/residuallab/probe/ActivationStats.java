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
                    double[][] s = new double[1][];
                    target.live(() -> s[0] = Stats.meanStd(out)); // in place, on the probe thread (BLAS, no copy)
                    target.later(() -> {
                        target.record(step, u.name(), u.index(), OUT_MEAN, s[0][0]);
                        target.record(step, u.name(), u.index(), OUT_STD, s[0][1]);
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
                        int rows = out.rank() == 2 ? (int) out.rows() : 1, cols = (int) (out.length() / Math.max(1, rows));
                        double[][] s = new double[1][];
                        target.live(() -> s[0] = activationStats(layer, out, rows, cols)); // in place, on the probe thread
                        target.later(() -> recordActivation(target, step, layer, u.index(), s[0]));
                    }
                }));
            }
        }
        return handles;
    }

    // y (B, C) = (rows, cols): an activation's output -> {mean, std, saturated or dead fraction (NaN: none)}
    private static double[] activationStats(Layer act, INDArray y, int rows, int cols) {
        boolean tanh = act instanceof Tanh, sigmoid = act instanceof Sigmoid, relu = act instanceof ReLU || act instanceof LeakyReLU;
        if (!sigmoid && !relu) { // in place: BLAS for mean and std, tanh's count on the bit patterns
            double[] m = Stats.meanStd(y);
            return new double[] {m[0], m[1], tanh ? Stats.countAbsAbove(y, SATURATED) / (double) y.length() : Double.NaN};
        }
        if (relu) { // BLAS for mean and std; the dead units on a copy (a healthy unit is seen alive in a few rows)
            double[] m = Stats.meanStd(y);
            return new double[] {m[0], m[1], Stats.deadColumns(Stats.values(y), rows, cols)}; // no example makes the unit positive
        }
        Stats.Elements v = Stats.values(y); // the sigmoid's count is a Java loop: over a copy in this thread's buffer
        double[] s = Stats.summary(v);
        return new double[] {s[4], s[2], Stats.countOutside(v, 1 - SATURATED, SATURATED) / (double) v.n};
    }

    private static void recordActivation(ProbeTarget t, long step, Layer act, int index, double[] s) {
        String name = act.path();
        t.record(step, name, index, ACT_MEAN, s[0]);
        t.record(step, name, index, ACT_STD, s[1]);
        if (act instanceof Tanh || act instanceof Sigmoid) t.record(step, name, index, ACT_SATURATION, s[2]);
        else if (act instanceof ReLU || act instanceof LeakyReLU) t.record(step, name, index, ACT_DEAD, s[2]);
    }
}
