package org.residuallab.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.residuallab.nn.HookHandle;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Model;

/**
 * Chooses probes and how often they record, then attaches them to a model (or one of its layers).
 * Attaching returns a {@link ProbeSession}: close it to detach every hook; its tables stay readable.
 * <pre>try (ProbeSession probes = Probes.all().every(10).run("demo").attach(model)) {
 *     trainer.fit(model, data);
 *     Table t = probes.table();   // run, model, depth, step, layer, layer_index, metric, value
 * }</pre>
 * Steps come from the model's step counter ({@link Model#steps()}, advanced by each
 * {@code lossAndBackward}), so any training loop works. Only training-mode passes are recorded.
 * The statistics are computed on a background thread while training goes on
 * ({@link #computedOnTheirOwnThread()}; {@link #onTrainingThread()} keeps them inside each step
 * instead): it reads the step's arrays in place, and the model's
 * {@code lossAndBackward} ends by waiting until it has ({@link Model#onStepEnd}); histograms work on
 * copies. Every row is recorded there in order; reading a table waits until all are in.
 */
public final class Probes {
    private final List<Probe> probes = new ArrayList<>();
    private long every = 10;
    private long histogramEvery = -1;
    private int maxSteps = 500, maxHistogramSteps = 20, bins = 40;
    private String run = "run";
    private boolean onTrainingThread;

    private Probes(List<Probe> probes) {
        this.probes.addAll(probes);
    }

    /** Every built-in probe: gradients, activations, update ratio, histograms and residual response. */
    public static Probes all() {
        return new Probes(List.of(new GradientNorms(), new ActivationStats(), new UpdateRatio(), new Histograms(), new ResidualResponse()));
    }

    /** Just these probes (built-in or your own). */
    public static Probes of(Probe... probes) {
        return new Probes(List.of(probes));
    }

    /**
     * True when probe statistics are computed on their own thread (unless a session asks for
     * {@link #onTrainingThread()}) ({@code residual-lab-probes}) while
     * training goes on: on machines with more than one core, unless {@code -Dresiduallab.probes.async=false}.
     */
    public static boolean computedOnTheirOwnThread() {
        return ProbeWorker.ASYNC;
    }

    /**
     * Time the probe thread has spent computing statistics so far, in ns (0 before it started or without
     * one); not the time it spent looking for work (it spins briefly before it sleeps).
     */
    public static long threadBusyNanos() {
        return ProbeWorker.busyNanos();
    }

    /** Gradient norms only: the cheapest way to see vanishing gradients. */
    public static Probes gradients() {
        return of(new GradientNorms());
    }

    /** Adds a probe to the set. */
    public Probes with(Probe probe) {
        if (probe == null) throw new IllegalArgumentException("probe must not be null");
        probes.add(probe);
        return this;
    }

    /** Record at every k-th step (steps 0, k, 2k, ...); default 10. */
    public Probes every(long k) {
        if (k < 1) throw new IllegalArgumentException("every (steps between records) must be >= 1 but was " + k);
        every = k;
        return this;
    }

    /** Record histograms every k-th step; default: the same as {@link #every}. */
    public Probes histogramEvery(long k) {
        if (k < 1) throw new IllegalArgumentException("histogramEvery must be >= 1 but was " + k);
        histogramEvery = k;
        return this;
    }

    /** At most this many recorded steps are kept (default 500); beyond it the interval doubles and old rows thin out. */
    public Probes maxSteps(int n) {
        if (n < 1) throw new IllegalArgumentException("maxSteps must be >= 1 but was " + n);
        maxSteps = n;
        return this;
    }

    /** At most this many steps with histograms are kept (default 20). */
    public Probes maxHistogramSteps(int n) {
        if (n < 1) throw new IllegalArgumentException("maxHistogramSteps must be >= 1 but was " + n);
        maxHistogramSteps = n;
        return this;
    }

    /** Bins per histogram (default 40). */
    public Probes bins(int n) {
        if (n < 2) throw new IllegalArgumentException("bins must be >= 2 but was " + n);
        bins = n;
        return this;
    }

    /** The {@code run} column's value (default "run"), to tell experiments apart in one table. */
    public Probes run(String name) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("run name must not be blank");
        run = name;
        return this;
    }

    /**
     * Computes the statistics on the thread that trains, inside each step, instead of on the probe thread:
     * training waits for them, but no second core is used (for two experiments on two cores, or a shared
     * machine). The values recorded are the same. Machines with one core, or
     * {@code -Dresiduallab.probes.async=false}, always work this way.
     */
    public Probes onTrainingThread() {
        onTrainingThread = true;
        return this;
    }

    /** Attaches to every top-level layer of {@code model} (stem = layer_index 0, blocks 1..depth, head depth + 1). */
    public ProbeSession attach(Model model) {
        List<ProbeTarget.Unit> units = new ArrayList<>();
        List<Layer> top = model.net().children();
        for (int i = 0; i < top.size(); i++) units.add(new ProbeTarget.Unit(top.get(i), i));
        return attach(units, () -> model.steps() - 1, model.name(), depthOf(model), model);
    }

    /** Attaches to one layer of {@code model} (a block, or a layer inside one); its layer_index is its unit's. */
    public ProbeSession attach(Model model, Layer layer) {
        List<Layer> top = model.net().children();
        for (int i = 0; i < top.size(); i++) {
            if (contains(top.get(i), layer)) {
                return attach(List.of(new ProbeTarget.Unit(layer, i)), () -> model.steps() - 1, model.name(), depthOf(model), model);
            }
        }
        throw new IllegalArgumentException(layer.describe() + " is not part of model '" + model.name() + "'");
    }

    /** Attaches to a stand-alone layer; {@code step} tells the probes the current step (layer_index 0, depth 0). */
    public ProbeSession attach(Layer layer, LongSupplier step) {
        return attach(List.of(new ProbeTarget.Unit(layer, 0)), step, layer.path(), 0, null);
    }

    // owner: the model whose steps these are (its step end lets probes read arrays in place), or null
    private ProbeSession attach(List<ProbeTarget.Unit> units, LongSupplier clock, String model, int depth, Model owner) {
        if (probes.isEmpty()) throw new IllegalStateException("no probes chosen: use Probes.all() or Probes.of(...)");
        ProbeLog log = new ProbeLog(run, model, depth, every, maxSteps, histogramEvery > 0 ? histogramEvery : every, maxHistogramSteps);
        ProbeTarget target = new ProbeTarget(units, clock, log, bins, owner != null, ProbeWorker.ASYNC && !onTrainingThread);
        List<HookHandle> handles = new ArrayList<>();
        if (owner != null) handles.add(owner.onStepEnd(target::awaitLive));
        try {
            for (Probe p : probes) handles.addAll(p.attach(target));
        } catch (RuntimeException e) {
            handles.forEach(HookHandle::close);
            throw e;
        }
        return new ProbeSession(target, handles);
    }

    /** The model's depth: its "depth" configuration entry, else its number of blocks. */
    static int depthOf(Model model) {
        Object d = model.config().get("depth");
        return d instanceof Number ? ((Number) d).intValue() : model.blocks().size();
    }

    private static boolean contains(Layer root, Layer layer) {
        if (root == layer) return true;
        for (Layer c : root.children()) if (contains(c, layer)) return true;
        return false;
    }
}
