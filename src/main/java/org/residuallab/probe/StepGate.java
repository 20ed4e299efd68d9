package org.residuallab.probe;

import java.util.function.LongSupplier;
import org.residuallab.nn.Layer;

/**
 * Decides, inside one hook, whether this call is recorded: only in training mode, only at steps on
 * the recording grid, and only once per step (an extra forward in the same step, e.g. an evaluation,
 * is not recorded again).
 */
public final class StepGate {
    private final LongSupplier clock;
    private final ProbeTarget target;
    private final boolean histogram;
    private long last = Long.MIN_VALUE;

    StepGate(LongSupplier clock, ProbeTarget target, boolean histogram) {
        this.clock = clock;
        this.target = target;
        this.histogram = histogram;
    }

    /** The step to record now, or −1 when this call is not to be recorded. */
    public long poll(Layer layer) {
        if (!layer.isTraining()) return -1;
        long step = clock.getAsLong();
        ProbeLog log = target.rawLog();
        if (step == last || !(histogram ? log.wantsHistogram(step) : log.wants(step))) return -1;
        last = step;
        target.noteStep(step, histogram);
        return step;
    }
}
