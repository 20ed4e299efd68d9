package org.residuallab.probe;

import java.util.List;
import org.residuallab.nn.HookHandle;

/**
 * A measurement taken by hooks on a model's layers, like a PyTorch forward/backward hook. A probe adds
 * its hooks in {@link #attach} and records through the target; {@link Probes} attaches a set of probes
 * and gives back one handle that detaches them all.
 * <pre>Probe meanOut = target -> {
 *     List&lt;HookHandle&gt; hs = new ArrayList&lt;&gt;();
 *     for (ProbeTarget.Unit u : target.units()) {
 *         StepGate gate = target.gate();
 *         hs.add(u.layer().addHook(new Hook() {
 *             public void onForward(Layer l, INDArray in, INDArray out) {
 *                 long s = gate.poll(l);
 *                 if (s &gt;= 0) target.record(s, u.name(), u.index(), "my_mean", out.meanNumber().doubleValue());
 *             }
 *         }));
 *     }
 *     return hs;
 * };</pre>
 */
@FunctionalInterface
public interface Probe {
    /** Adds this probe's hooks to the target's layers; returns their handles. */
    List<HookHandle> attach(ProbeTarget target);
}
