package org.residuallab.lesson;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.residuallab.data.Dataset;
import org.residuallab.data.Split;
import org.residuallab.experiment.TrainingCurves;
import org.residuallab.nn.Model;
import org.residuallab.nn.Shapes;
import org.residuallab.train.TrainConfig;
import org.residuallab.train.TrainResult;
import org.residuallab.train.Trainer;
import org.residuallab.train.TrainingListener;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * One comparison repeated over several seeds, to tell the design from the luck of one seed: for each seed s every
 * design builds a fresh model with {@code design.apply(s)} (its initial weights) and all train on the same
 * batches, those of {@code config.seed(s)}.
 * <pre>SeedSweep.Result r = SeedSweep.of(post, pre).seeds(1, 2, 3, 4, 5).data(spirals).config(sgd).run();
 * r.table(20);         // model, seed, first_20, last_20: mean batch loss over the first and the last 20 steps
 * r.lastBySeed(20);    // seed, then one column per design</pre>
 */
public final class SeedSweep {
    private final List<IntFunction<Model>> designs;
    private int[] seeds = {1, 2, 3, 4, 5};
    private Dataset train, test;
    private TrainConfig config = TrainConfig.builder().build();
    private final List<TrainingListener> listeners = new ArrayList<>();

    private SeedSweep(List<IntFunction<Model>> designs) {
        this.designs = designs;
    }

    /** The designs, each a function from a seed to a fresh model; their models' names must differ. */
    @SafeVarargs
    public static SeedSweep of(IntFunction<Model>... designs) {
        if (designs == null || designs.length == 0) throw new IllegalArgumentException("SeedSweep needs at least one design (seed -> model)");
        for (IntFunction<Model> d : designs) if (d == null) throw new IllegalArgumentException("a design is null");
        return new SeedSweep(List.of(designs));
    }

    public SeedSweep seeds(int... seeds) {
        Shapes.require(seeds != null && seeds.length > 0, "seeds", seeds == null ? "null" : "none", "at least one");
        this.seeds = seeds.clone();
        return this;
    }

    public SeedSweep data(Split split) {
        return data(split.train(), split.test());
    }

    public SeedSweep data(Dataset train) {
        return data(train, null);
    }

    /** Training data and an optional test set (null: none). */
    public SeedSweep data(Dataset train, Dataset test) {
        if (train == null) throw new IllegalArgumentException("training data must not be null");
        this.train = train;
        this.test = test;
        return this;
    }

    /** The training recipe; its seed is replaced by each seed in turn. */
    public SeedSweep config(TrainConfig config) {
        if (config == null) throw new IllegalArgumentException("train config must not be null");
        this.config = config;
        return this;
    }

    public SeedSweep listener(TrainingListener listener) {
        if (listener == null) throw new IllegalArgumentException("listener must not be null");
        listeners.add(listener);
        return this;
    }

    /** Trains every design at every seed, seed by seed; if the thread is interrupted, returns the seeds completed. */
    public Result run() {
        if (train == null) throw new IllegalStateException("no data: call data(train, test) before run()");
        Map<String, List<TrainResult>> byModel = new LinkedHashMap<>();
        List<Integer> done = new ArrayList<>();
        for (int seed : seeds) {
            List<Model> models = new ArrayList<>();
            for (IntFunction<Model> d : designs) models.add(d.apply(seed));
            if (!byModel.isEmpty() && !byModel.keySet().equals(names(models))) {
                throw new IllegalArgumentException("seed " + seed + " built models " + names(models) + " but seed " + done.get(0)
                        + " built " + byModel.keySet() + ": a design must name its model the same at every seed");
            }
            if (names(models).size() < models.size()) throw new IllegalArgumentException("two designs name their model alike: " + names(models));
            Trainer trainer = Trainer.of(config.toBuilder().seed(seed).build());
            listeners.forEach(trainer::listener);
            List<TrainResult> results = new ArrayList<>();
            for (Model m : models) {
                if (Thread.currentThread().isInterrupted()) break;
                results.add(trainer.fit(m, train, test));
            }
            if (results.size() < models.size() || results.stream().anyMatch(TrainResult::interrupted)) break;
            for (int i = 0; i < models.size(); i++) byModel.computeIfAbsent(models.get(i).name(), k -> new ArrayList<>()).add(results.get(i));
            done.add(seed);
        }
        return new Result(byModel, done.stream().mapToInt(Integer::intValue).toArray());
    }

    private static java.util.Set<String> names(List<Model> models) {
        java.util.Set<String> s = new java.util.LinkedHashSet<>();
        for (Model m : models) s.add(m.name());
        return s;
    }

    /** Every design's training result at every seed. */
    public static final class Result {
        private final Map<String, List<TrainResult>> byModel;
        private final int[] seeds;

        Result(Map<String, List<TrainResult>> byModel, int[] seeds) {
            this.byModel = byModel;
            this.seeds = seeds;
        }

        /** The models' names, in the order of the designs. */
        public List<String> models() {
            return List.copyOf(byModel.keySet());
        }

        /** The seeds that were trained (all asked for, unless interrupted). */
        public int[] seeds() {
            return seeds.clone();
        }

        public TrainResult result(String model, int seed) {
            for (int i = 0; i < seeds.length; i++) if (seeds[i] == seed) return results(model).get(i);
            throw new IllegalArgumentException("seed " + seed + " was not trained (trained: " + Arrays.toString(seeds) + ")");
        }

        /** The mean batch loss over the last {@code n} steps, one per seed. */
        public double[] meanLast(String model, int n) {
            return results(model).stream().mapToDouble(r -> TrainingCurves.meanLast(r, n)).toArray();
        }

        /** The mean batch loss over the first {@code n} steps, one per seed. */
        public double[] meanFirst(String model, int n) {
            return results(model).stream().mapToDouble(r -> TrainingCurves.meanFirst(r, n)).toArray();
        }

        /** The median over seeds of the mean batch loss over the last {@code n} steps. */
        public double medianLast(String model, int n) {
            return median(meanLast(model, n));
        }

        /** The median over seeds of the mean batch loss over the first {@code n} steps. */
        public double medianFirst(String model, int n) {
            return median(meanFirst(model, n));
        }

        /** At how many seeds {@code model} had the lowest mean loss over the last {@code n} steps of all designs. */
        public int timesLowestLast(String model, int n) {
            int count = 0;
            for (int i = 0; i < seeds.length; i++) {
                double mine = meanLast(model, n)[i];
                boolean lowest = true;
                for (String other : byModel.keySet()) if (!other.equals(model) && meanLast(other, n)[i] <= mine) lowest = false;
                if (lowest) count++;
            }
            return count;
        }

        /** Tidy table {@code model, seed, first_n, last_n}: one row per design and seed. */
        public Table table(int n) {
            StringColumn m = StringColumn.create("model");
            IntColumn s = IntColumn.create("seed");
            DoubleColumn first = DoubleColumn.create("first_" + n), last = DoubleColumn.create("last_" + n);
            for (String model : byModel.keySet()) {
                double[] f = meanFirst(model, n), l = meanLast(model, n);
                for (int i = 0; i < seeds.length; i++) {
                    m.append(model);
                    s.append(seeds[i]);
                    first.append(f[i]);
                    last.append(l[i]);
                }
            }
            return Table.create("mean batch loss over the first and last " + n + " steps, by seed", m, s, first, last);
        }

        /** One row per seed, one column per design: the mean batch loss over the last {@code n} steps (to read by eye). */
        public Table lastBySeed(int n) {
            IntColumn s = IntColumn.create("seed", seeds);
            Table t = Table.create("mean batch loss over the last " + n + " steps", s);
            for (String model : byModel.keySet()) t.addColumns(DoubleColumn.create(model, meanLast(model, n)));
            return t;
        }

        /** Per design: the median, lowest and highest over seeds of the mean loss over the last {@code n} steps. */
        public Table summary(int n) {
            StringColumn m = StringColumn.create("model");
            DoubleColumn med = DoubleColumn.create("median_last_" + n), lo = DoubleColumn.create("lowest"), hi = DoubleColumn.create("highest");
            IntColumn lowest = IntColumn.create("seeds_lowest");
            for (String model : byModel.keySet()) {
                double[] l = meanLast(model, n);
                m.append(model);
                med.append(median(l));
                lo.append(Arrays.stream(l).min().orElse(Double.NaN));
                hi.append(Arrays.stream(l).max().orElse(Double.NaN));
                lowest.append(timesLowestLast(model, n));
            }
            return Table.create("last " + n + " steps over " + seeds.length + " seeds", m, med, lo, hi, lowest);
        }

        private List<TrainResult> results(String model) {
            List<TrainResult> r = byModel.get(model);
            if (r == null) throw new IllegalArgumentException("no model '" + model + "' (models: " + byModel.keySet() + ")");
            return r;
        }

        static double median(double[] v) {
            if (v.length == 0) return Double.NaN;
            double[] s = v.clone();
            Arrays.sort(s);
            return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        }
    }
}
