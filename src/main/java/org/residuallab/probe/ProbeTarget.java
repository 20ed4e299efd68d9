package org.residuallab.probe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
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
 * depth + 1 is the head. Records and histograms are computed on the probe thread when there is one
 * ({@link ProbeWorker}), in the order the hooks asked for them; {@link #log()} waits until all are in.
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
    private final Tally pending = new Tally();
    private volatile Throwable failure;
    private long lastStep = Long.MIN_VALUE, lastHistogramStep = Long.MIN_VALUE; // noted so far (training thread)

    ProbeTarget(List<Unit> units, LongSupplier clock, ProbeLog log, int bins, boolean stepEnds, boolean async) {
        this.units = List.copyOf(units);
        this.clock = clock;
        this.log = log;
        this.bins = bins;
        this.stepEnds = stepEnds;
        this.async = async;
    }

    // true when this target's work runs on the probe thread (ProbeWorker.ASYNC, unless the session asked for the
    // training thread): else every piece of work runs where it is asked for, inside the step
    private final boolean async;

    // true when attached to a model, whose lossAndBackward ends with awaitLive(): until then the arrays of the
    // step stay as they are, so work may read them in place on the probe thread instead of copying them
    private final boolean stepEnds;
    private final Tally livePending = new Tally();

    /**
     * Runs {@code work}, which reads arrays of this step in place, on the probe thread before the step
     * ends ({@link #awaitLive}), ahead of work queued by {@link #later}; without a probe thread, or for a
     * target that no step end waits for (a stand-alone layer), it runs now. Work queued by {@link #later}
     * after this call sees its results.
     */
    void live(Runnable work) {
        if (!stepEnds || !async || ProbeWorker.onProbeThread()) {
            work.run();
            return;
        }
        ProbeWorker.submitLive(counted(work, livePending));
    }

    /**
     * Called at the end of each training step (the model's {@link org.residuallab.nn.Model#onStepEnd}):
     * runs the in-place work the probe thread has not started yet, then waits until it has done the rest,
     * so that the optimizer, or the next step, may change the arrays. Interrupts do not cut the wait short
     * (the flag is set again).
     */
    void awaitLive() {
        // the training thread helps with what the probe thread has not started (and finds that data in its cache)
        while (!livePending.isDone() && ProbeWorker.helpLive()) { }
        livePending.await();
    }

    /**
     * Work handed over and work done, counted apart: the thread that hands work over only writes
     * {@code submitted} and the threads that run it only write {@code done}, so that handing over a piece
     * of work does not pull a cache line from the other core (an atomic counter shared by both did).
     */
    private static final class Tally {
        private volatile long submitted; // written by the thread that hands work over (the training thread)
        private final AtomicLong done = new AtomicLong();
        private volatile boolean waiting;

        void submitted() {
            submitted++; // one handing-over thread: the hooks of a model run on the thread that trains it
        }

        boolean isDone() {
            return done.get() >= submitted;
        }

        void oneDone() {
            done.incrementAndGet();
            if (waiting) { // read after the increment; 'await' sets it before it looks at 'done' (both volatile)
                synchronized (this) {
                    notifyAll();
                }
            }
        }

        /**
         * Waits until all work handed over so far is done: spins first (the rest is usually a few µs from
         * done; waking up from wait() took longer here), then sleeps. An interrupt does not cut the wait short;
         * the flag is set again afterwards.
         */
        void await() {
            for (long spinUntil = System.nanoTime() + 300_000; !isDone() && System.nanoTime() < spinUntil; ) Thread.onSpinWait();
            if (isDone()) return;
            boolean interrupted = false;
            synchronized (this) {
                waiting = true;
                try {
                    while (!isDone()) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            interrupted = true;
                        }
                    }
                } finally {
                    waiting = false;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    public List<Unit> units() { return units; }

    /** The current step: the model's step counter minus one while a step runs (−1 before the first). */
    public long step() { return clock.getAsLong(); }

    /** The log, once every record asked for so far is in it. */
    public ProbeLog log() {
        drain();
        return log;
    }

    /** The log as it is now, for the probe thread's own work. */
    ProbeLog rawLog() { return log; }

    /** A gate for one hook's scalar records. */
    public StepGate gate() { return new StepGate(clock, this, false); }

    /** A gate for one hook's histograms (their own interval and cap). */
    public StepGate histogramGate() { return new StepGate(clock, this, true); }

    /**
     * Tells the log that {@code step} is being recorded, once per step (the first gate to open does):
     * counting steps may thin the log, so this runs in order with the records, on the probe thread.
     */
    void noteStep(long step, boolean histogram) {
        if (histogram) {
            if (step == lastHistogramStep) return;
            lastHistogramStep = step;
            later(() -> log.noteHistogramStep(step));
        } else {
            if (step == lastStep) return;
            lastStep = step;
            later(() -> log.noteStep(step));
        }
    }

    // work that keeps its failure for the next read and counts itself done in 'tally'
    private Runnable counted(Runnable work, Tally tally) {
        tally.submitted();
        return () -> {
            try {
                work.run();
            } catch (Throwable e) {
                if (failure == null) failure = e;
            } finally {
                tally.oneDone();
            }
        };
    }

    /** Runs {@code work} after everything queued before it: on the probe thread, or now without one. */
    void later(Runnable work) {
        if (!async || ProbeWorker.onProbeThread()) {
            work.run();
            return;
        }
        rethrowFailure();
        Runnable task = counted(work, pending);
        boolean full;
        synchronized (batch) {
            batch.add(task);
            if (batch.size() == 1) ProbeWorker.holding(this);
            full = batch.size() >= BATCH;
        }
        if (full) flush();
    }

    // work queued by hooks but not yet handed to the probe thread: sent when BATCH pieces are held, when
    // the step changes, before a copy waits for the budget, and when the log is read
    private static final int BATCH = 64;
    private final List<Runnable> batch = new ArrayList<>();

    /** Hands the work held so far to the probe thread. */
    void flush() {
        Runnable[] tasks;
        synchronized (batch) {
            if (batch.isEmpty()) return;
            tasks = batch.toArray(new Runnable[0]);
            batch.clear();
            ProbeWorker.released(this);
        }
        ProbeWorker.submit(() -> {
            for (Runnable t : tasks) {
                ProbeWorker.runLive(); // what reads arrays in place must not wait behind a long batch
                t.run();
            }
        });
    }

    /**
     * Copies the arrays now (they change with the next step) and runs {@code work} on the copies later;
     * the copies go back to the pool afterwards. Hooks of one step that ask for the same array (an
     * activation's output for its statistics and for its histogram) share one copy.
     */
    void withCopies(Consumer<Stats.Elements[]> work, INDArray... arrays) {
        long now = clock.getAsLong();
        if (now != sharedStep) {
            flush();
            unshareAll();
            sharedStep = now;
        }
        Shared[] copies = new Shared[arrays.length];
        synchronized (shared) {
            for (int i = 0; i < arrays.length; i++) copies[i] = share(arrays[i]);
        }
        later(() -> {
            try {
                Stats.Elements[] v = new Stats.Elements[copies.length];
                for (int i = 0; i < v.length; i++) v[i] = copies[i].elements;
                work.accept(v);
            } finally {
                for (Shared c : copies) c.release();
            }
        });
    }

    /** A copy read by one or more queued tasks (and held by the cache of this step): pooled when the last lets go. */
    private static final class Shared {
        final Stats.Elements elements;
        final AtomicInteger holders = new AtomicInteger(1);

        Shared(Stats.Elements elements) {
            this.elements = elements;
        }

        void release() {
            if (holders.decrementAndGet() == 0) ProbeWorker.recycle(elements);
        }
    }

    // copies of this step, by array (filled by the training thread); small arrays and few, so the cache can never
    // hold so much of the waiting budget that a new copy would wait for it
    private static final int SHARED_MAX = 16, SHARED_MAX_ELEMENTS = ProbeWorker.BUDGET / 64;
    private final Map<INDArray, Shared> shared = new IdentityHashMap<>();
    private long sharedStep = Long.MIN_VALUE;

    private Shared share(INDArray x) {
        Shared c = shared.get(x);
        if (c != null) {
            c.holders.incrementAndGet();
            return c;
        }
        c = new Shared(ProbeWorker.copy(x));
        if (x.length() <= SHARED_MAX_ELEMENTS) {
            if (shared.size() == SHARED_MAX) unshareAll();
            c.holders.incrementAndGet();
            shared.put(x, c);
        }
        return c;
    }

    private void unshareAll() {
        synchronized (shared) {
            for (Shared c : shared.values()) c.release();
            shared.clear();
        }
    }

    /**
     * Waits until the probe thread has done all work queued for this target; reports a failure there.
     * An interrupt does not cut the wait short (the probe thread always finishes, so an interrupted run
     * still gets every record it asked for); the interrupt flag is set again afterwards.
     */
    void drain() {
        if (ProbeWorker.onProbeThread()) return;
        flush();
        awaitLive();
        unshareAll(); // nothing waits for this step's copies any more
        sharedStep = Long.MIN_VALUE;
        pending.await();
        rethrowFailure();
    }

    private void rethrowFailure() {
        Throwable f = failure;
        if (f == null) return;
        failure = null;
        throw new IllegalStateException("a probe failed while computing its statistics: " + f, f);
    }

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
        later(() -> log.add(step, layer, layerIndex, metric, value));
    }

    /** Records a binned histogram of all elements of {@code values} (as they are now) over their [min, max]. */
    public void histogram(long step, String layer, int layerIndex, String kind, INDArray values) {
        withCopies(v -> {
            Stats.Binned h = Stats.histogram(v[0], bins);
            log.addHistogram(step, layer, layerIndex, kind, h.lo(), h.hi(), h.counts());
        }, values);
    }
}
