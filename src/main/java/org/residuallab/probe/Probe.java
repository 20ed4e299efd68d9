package org.residuallab.probe;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Layer;

/**
 * A measurement taken by hooks on a model's layers, like PyTorch's {@code register_forward_hook(module,
 * input, output)}. Each method runs on the training thread right after a pass of a watched layer, in
 * training mode only: {@link #onForward} and {@link #onBackward} once per recorded step (every 10th by
 * default, see {@link Probes#every}), {@link #onStep} once per step. Read the arrays, never change or
 * keep them; record rows through the {@link ProbeContext}. The built-in probes are written the same way.
 * <pre>Probe maxOut = Probe.forward((at, in, out) -&gt;
 *         at.record("out_max_abs", out.amaxNumber().doubleValue()));
 * Probe gradMean = new Probe() {
 *     public void onBackward(ProbeContext at, INDArray dOut, INDArray dX) {
 *         at.record("out_grad_mean", dOut.meanNumber().doubleValue());
 *     }
 * };
 * try (ProbeSession s = Probes.of(maxOut, gradMean).attach(model)) {
 *     trainer.fit(model, data);
 *     s.table();   // rows of out_max_abs and out_grad_mean for every unit, every 10th step
 * }</pre>
 */
public interface Probe {

    /** After the watched layer's forward at a recorded step: in (B, ...in), out (B, ...out). */
    default void onForward(ProbeContext at, INDArray in, INDArray out) {}

    /**
     * After the watched layer's backward at a recorded step: dOut is dL/d(output), dX the gradient it sends
     * back; the gradients of the layer's parameters are complete.
     */
    default void onBackward(ProbeContext at, INDArray dOut, INDArray dX) {}

    /**
     * At the first pass of the watched layer in every training step, recorded or not, before onForward:
     * the optimizer has applied the previous step's update. {@link ProbeContext#recording()} says whether
     * this step is recorded.
     */
    default void onStep(ProbeContext at) {}

    /** The layers of {@code unit} whose passes call this probe: by default the unit itself. */
    default List<Layer> watch(Unit unit) {
        return List.of(unit.layer());
    }

    /** True for a probe that records histograms: it is called at the histogram steps ({@link Probes#histogramEvery}) instead. */
    default boolean histograms() {
        return false;
    }

    /** A probe of one forward method, for a lambda: {@code Probe.forward((at, in, out) -> at.record(...))}. */
    static Probe forward(Forward f) {
        return new Probe() {
            @Override
            public void onForward(ProbeContext at, INDArray in, INDArray out) {
                f.onForward(at, in, out);
            }
        };
    }

    /** A probe of one backward method, for a lambda: {@code Probe.backward((at, dOut, dX) -> at.record(...))}. */
    static Probe backward(Backward b) {
        return new Probe() {
            @Override
            public void onBackward(ProbeContext at, INDArray dOut, INDArray dX) {
                b.onBackward(at, dOut, dX);
            }
        };
    }

    /** {@link #onForward} as a lambda. */
    @FunctionalInterface
    interface Forward {
        void onForward(ProbeContext at, INDArray in, INDArray out);
    }

    /** {@link #onBackward} as a lambda. */
    @FunctionalInterface
    interface Backward {
        void onBackward(ProbeContext at, INDArray dOut, INDArray dX);
    }
}
