package org.residuallab.probe;

import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Hook;
import org.residuallab.nn.Layer;

/**
 * What a {@link Probe} is told when it is called, and where it records: the watched layer, its unit and
 * {@code layer_index}, the step, and {@link #record} for one row of the probe table. There is one
 * context per probe and watched layer, so a probe can keep something from one step to the next in
 * {@link #state}.
 * <pre>at.record("out_max_abs", out.amaxNumber().doubleValue());   // step, at.layer().path(), layer_index, metric, value</pre>
 */
public final class ProbeContext {
    private final Probe probe;
    private final Unit unit;
    private final Layer layer;
    private final ProbeLog log;
    private final LongSupplier clock;
    private final int bins;
    private final boolean histograms; // the probe records on the histogram grid
    private long step = -1, forwarded = -1, backwarded = -1; // the step now, and of the last onForward and onBackward
    private boolean recording;
    private Object state;

    ProbeContext(Probe probe, Unit unit, Layer layer, ProbeLog log, LongSupplier clock, int bins) {
        this.probe = probe;
        this.unit = unit;
        this.layer = layer;
        this.log = log;
        this.clock = clock;
        this.bins = bins;
        this.histograms = probe.histograms();
    }

    /** The watched layer: the unit itself, or a layer inside it (see {@link Probe#watch}). */
    public Layer layer() { return layer; }

    /** The unit the watched layer belongs to. */
    public Unit unit() { return unit; }

    /** The unit's {@code layer_index}: stem 0, blocks 1..depth, head depth + 1. */
    public int layerIndex() { return unit.index(); }

    /** True when the watched layer is the unit itself. */
    public boolean isUnit() { return layer == unit.layer(); }

    /** The training step: the model's {@code steps() - 1} while {@code lossAndBackward} runs. */
    public long step() { return step; }

    /** True when this step is recorded (onForward and onBackward are called at such steps only). */
    public boolean recording() { return recording; }

    /** Records {@code metric = value} for the watched layer at this step. */
    public void record(String metric, double value) {
        record(step, layer.path(), metric, value);
    }

    /** Records a row about another layer or a parameter of this unit, by its path (e.g. {@code block3/body/dense1/W}). */
    public void record(String layer, String metric, double value) {
        record(step, layer, metric, value);
    }

    /** Records a row of an earlier recorded step (e.g. the update of that step, seen at the next one). */
    public void record(long step, String layer, String metric, double value) {
        log.add(step, layer, unit.index(), metric, value);
    }

    /** Records a histogram of all elements of {@code values} over their [min, max] for the watched layer. */
    public void histogram(String kind, INDArray values) {
        histogram(layer.path(), kind, values);
    }

    /** Records a histogram of all elements of {@code values} for another layer or parameter of this unit. */
    public void histogram(String layer, String kind, INDArray values) {
        if (!log.wantsHistogram(step)) return;
        Stats.Binned h = Stats.histogram(values, bins);
        log.addHistogram(step, layer, unit.index(), kind, h.lo(), h.hi(), h.counts());
    }

    /** The probe's own object for this watched layer, made by {@code initial} on first use. */
    @SuppressWarnings("unchecked")
    public <T> T state(Supplier<T> initial) {
        if (state == null) state = initial.get();
        return (T) state;
    }

    /** The hook that calls the probe: in training mode, once per step, the pass methods at recorded steps only. */
    Hook hook() {
        return new Hook() {
            @Override
            public void onForward(Layer l, INDArray in, INDArray out) {
                if (!l.isTraining() || !begin(clock.getAsLong()) || forwarded == step) return;
                forwarded = step;
                probe.onForward(ProbeContext.this, in, out);
            }

            @Override
            public void onBackward(Layer l, INDArray dOut, INDArray dX) {
                if (!l.isTraining() || !begin(clock.getAsLong()) || backwarded == step) return;
                backwarded = step;
                probe.onBackward(ProbeContext.this, dOut, dX);
            }
        };
    }

    // the first pass of a step calls onStep; true when the step is recorded
    private boolean begin(long now) {
        if (now < 0) return false;
        if (now != step) {
            step = now;
            recording = log.opens(now, histograms);
            probe.onStep(this);
        }
        return recording;
    }
}
