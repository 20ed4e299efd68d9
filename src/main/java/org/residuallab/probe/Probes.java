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
 * {@code lossAndBackward}), so any training loop works. Only training-mode passes are recorded. The
 * statistics are computed inside the hooks, on the training thread, at the recorded steps: a step in
 * between costs a few checks per hook (and, after a recorded step, the update ratio's comparison); a
 * model without probes has no hooks and pays nothing. Your own probes attach the same way:
 * {@code Probes.of(myProbe)} or {@code Probes.all().with(myProbe)} (see {@link Probe}).
 */
public final class Probes {
    private final List<Probe> probes = new ArrayList<>();
    private long every = 10;
    private long histogramEvery = -1;
    private int maxSteps = 500, maxHistogramSteps = 20, bins = 40;
    private String run = "run";

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

    /**
     * Record histograms every k-th step; default: every 10th recorded step (10 × {@link #every}). A histogram
     * bins every element of its array, several times the work of the scalar statistics.
     */
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

    /** Attaches to every top-level layer of {@code model} (stem = layer_index 0, blocks 1..depth, head depth + 1). */
    public ProbeSession attach(Model model) {
        List<Unit> units = new ArrayList<>();
        List<Layer> top = model.net().children();
        for (int i = 0; i < top.size(); i++) units.add(new Unit(top.get(i), i));
        return attach(units, () -> model.steps() - 1, model.name(), depthOf(model));
    }

    /** Attaches to one layer of {@code model} (a block, or a layer inside one); its layer_index is its unit's. */
    public ProbeSession attach(Model model, Layer layer) {
        List<Layer> top = model.net().children();
        for (int i = 0; i < top.size(); i++) {
            if (contains(top.get(i), layer)) return attach(List.of(new Unit(layer, i)), () -> model.steps() - 1, model.name(), depthOf(model));
        }
        throw new IllegalArgumentException(layer.describe() + " is not part of model '" + model.name() + "'");
    }

    /** Attaches to a stand-alone layer; {@code step} tells the probes the current step (layer_index 0, depth 0). */
    public ProbeSession attach(Layer layer, LongSupplier step) {
        return attach(List.of(new Unit(layer, 0)), step, layer.path(), 0);
    }

    // one hook per probe and watched layer, added probe by probe, unit by unit
    private ProbeSession attach(List<Unit> units, LongSupplier clock, String model, int depth) {
        if (probes.isEmpty()) throw new IllegalStateException("no probes chosen: use Probes.all() or Probes.of(...)");
        ProbeLog log = new ProbeLog(run, model, depth, every, maxSteps, histogramEvery > 0 ? histogramEvery : 10 * every, maxHistogramSteps);
        List<HookHandle> handles = new ArrayList<>();
        try {
            for (Probe p : probes) {
                for (Unit u : units) {
                    for (Layer l : p.watch(u)) handles.add(l.addHook(new ProbeContext(p, u, l, log, clock, bins).hook()));
                }
            }
        } catch (RuntimeException e) {
            handles.forEach(HookHandle::close);
            throw e;
        }
        return new ProbeSession(log, units, handles);
    }

    /** The model's depth: its "depth" configuration entry, else its number of blocks (transformer blocks included). */
    static int depthOf(Model model) {
        Object d = model.config().get("depth");
        if (d instanceof Number) return ((Number) d).intValue();
        int blocks = 0;
        for (Layer l : model.net().children()) if (new Unit(l, 0).isBlock()) blocks++;
        return blocks;
    }

    private static boolean contains(Layer root, Layer layer) {
        if (root == layer) return true;
        for (Layer c : root.children()) if (contains(c, layer)) return true;
        return false;
    }
}
