package org.residuallab.check;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Hook;
import org.residuallab.nn.HookHandle;
import org.residuallab.nn.Layer;
import org.residuallab.nn.LeakyReLU;
import org.residuallab.nn.ReLU;

/**
 * Watches the inputs of every ReLU and LeakyReLU under a layer: after the baseline forward it flags any
 * later forward in which an input changed sign, i.e. a finite-difference step crossed a kink where the
 * function has no derivative.
 */
final class KinkWatch implements AutoCloseable {
    private final List<HookHandle> handles = new ArrayList<>();
    private final Map<Layer, boolean[]> baseline = new IdentityHashMap<>();
    private boolean recording = true, crossed;

    static KinkWatch on(Layer root) {
        KinkWatch w = new KinkWatch();
        if (root != null) w.attach(root);
        return w;
    }

    private void attach(Layer l) {
        if (l instanceof ReLU || l instanceof LeakyReLU) {
            handles.add(l.addHook(new Hook() {
                @Override
                public void onForward(Layer layer, INDArray input, INDArray output) {
                    seen(layer, input);
                }
            }));
        }
        for (Layer c : l.children()) attach(c);
    }

    private void seen(Layer layer, INDArray input) {
        double[] v = input.dup().data().asDouble();
        if (recording) {
            boolean[] positive = new boolean[v.length];
            for (int i = 0; i < v.length; i++) positive[i] = v[i] > 0;
            baseline.put(layer, positive);
            return;
        }
        boolean[] base = baseline.get(layer);
        if (base == null || base.length != v.length) { crossed = true; return; }
        for (int i = 0; i < v.length && !crossed; i++) crossed = (v[i] > 0) != base[i];
    }

    /** Ends the baseline: later forwards are compared with it. */
    void freeze() {
        recording = false;
    }

    /** Clears the flag before the evaluations of one entry. */
    void reset() {
        crossed = false;
    }

    boolean crossed() {
        return crossed;
    }

    @Override
    public void close() {
        handles.forEach(HookHandle::close);
    }
}
