package org.residuallab.probe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Activation;
import org.residuallab.nn.Block;
import org.residuallab.nn.Identity;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Param;

/**
 * What a {@link Probe} attaches to: the units it watches (with their {@code layer_index}), the step
 * clock and the log it records into. A unit is a top-level layer of the model: for
 * {@code Models.mlp} unit 0 is the stem Dense, units 1..depth are the hidden blocks and unit
 * depth + 1 is the head.
 */
public final class ProbeTarget {
    /** A watched layer and its position: {@code index} is the {@code layer_index} of every row about it. */
    public record Unit(Layer layer, int index) {
        /** True for a hidden block (plain or residual). */
        public boolean isBlock() { return layer instanceof Block; }

        /** The unit's name in the tables: its path in the model, e.g. {@code block3} or {@code dense1}. */
        public String name() { return layer.path(); }
    }

    private final List<Unit> units;
    private final LongSupplier clock;
    private final ProbeLog log;
    private final int bins;

    ProbeTarget(List<Unit> units, LongSupplier clock, ProbeLog log, int bins) {
        this.units = List.copyOf(units);
        this.clock = clock;
        this.log = log;
        this.bins = bins;
    }

    public List<Unit> units() { return units; }

    /** The current step: the model's step counter minus one while a step runs (−1 before the first). */
    public long step() { return clock.getAsLong(); }

    public ProbeLog log() { return log; }

    /** A gate for one hook's scalar records. */
    public StepGate gate() { return new StepGate(clock, log, false); }

    /** A gate for one hook's histograms (their own interval and cap). */
    public StepGate histogramGate() { return new StepGate(clock, log, true); }

    /** The activation layers (sigmoid, tanh, ReLU, ...; not Identity) inside {@code unit}, in forward order. */
    public static List<Layer> activations(Unit unit) {
        List<Layer> out = new ArrayList<>();
        collect(unit.layer(), out);
        return Collections.unmodifiableList(out);
    }

    private static void collect(Layer l, List<Layer> out) {
        if (l instanceof Activation && !(l instanceof Identity)) out.add(l);
        for (Layer c : l.children()) collect(c, out);
    }

    /** Trainable parameters of {@code unit}, in forward order. */
    public static List<Param> trainableParams(Unit unit) {
        List<Param> out = new ArrayList<>();
        for (Param p : unit.layer().params()) if (p.trainable()) out.add(p);
        return out;
    }

    /** Records one value; rows at steps thinned away are dropped. */
    public void record(long step, String layer, int layerIndex, String metric, double value) {
        log.add(step, layer, layerIndex, metric, value);
    }

    /** Records a binned histogram of all elements of {@code values} over their [min, max]. */
    public void histogram(long step, String layer, int layerIndex, String kind, INDArray values) {
        Stats.Binned h = Stats.histogram(values, bins);
        log.addHistogram(step, layer, layerIndex, kind, h.lo(), h.hi(), h.counts());
    }
}
