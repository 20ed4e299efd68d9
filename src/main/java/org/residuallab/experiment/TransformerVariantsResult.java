package org.residuallab.experiment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.residuallab.nn.Model;
import org.residuallab.nn.TransformerBlock.Variant;
import org.residuallab.probe.GradientFlow;
import org.residuallab.probe.ProbeMetrics;
import org.residuallab.probe.ProbeTables;
import org.residuallab.train.TrainResult;
import org.residuallab.viz.CurvePlot;
import org.residuallab.viz.Plots;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The runs of a {@link TransformerVariants} study: one per variant, warm-up and seed. */
public final class TransformerVariantsResult {
    /** A run "solved" the task when its final test accuracy reached this (train accuracy without a test set). */
    public static final double SOLVED_ACCURACY = 0.9;

    /** One training run: its variant, warm-up steps, seed, the trained model, its result and gradient records (every 10th step from step 0). */
    public record Run(Variant variant, long warmup, long seed, Model trained, TrainResult result, Table probes) {
        /** The model's name, e.g. post-ln-warmup100-seed2. */
        public String model() { return result.model(); }

        /** Final test accuracy (train accuracy without a test set). */
        public double accuracy() {
            return result.finalTestAccuracy().orElse(result.finalTrainAccuracy().orElse(Double.NaN));
        }

        /** Whether the run reached {@link #SOLVED_ACCURACY}. */
        public boolean solved() { return accuracy() >= SOLVED_ACCURACY; }

        /** "post-LN, warm-up 100" or "pre-LN, no warm-up". */
        public String arm() { return TransformerVariantsResult.arm(variant, warmup); }

        /** The first step at which the batch loss, averaged over the last 10 steps, fell below {@code loss}; -1 if it never did. */
        public long stepsToLoss(double loss) {
            double[] smooth = TrainingCurves.smoothed(result, 10), steps = TrainingCurves.steps(result);
            for (int i = 9; i < smooth.length; i++) if (smooth[i] < loss) return (long) steps[i];
            return -1;
        }

        /** The branch scales α of the trained model's sub-blocks, in order (ReZero's learn from 0; others are fixed at 1). */
        public double[] alphas() {
            List<Double> a = new ArrayList<>();
            collectAlphas(trained.net(), a);
            return a.stream().mapToDouble(Double::doubleValue).toArray();
        }

        private static void collectAlphas(org.residuallab.nn.Layer l, List<Double> out) {
            if (l instanceof org.residuallab.nn.Block b) out.add(b.alpha());
            for (org.residuallab.nn.Layer c : l.children()) collectAlphas(c, out);
        }
    }

    private final List<Run> runs;
    private final Map<String, Object> config;

    TransformerVariantsResult(List<Run> runs, Map<String, Object> config) {
        this.runs = List.copyOf(runs);
        this.config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    public List<Run> runs() { return runs; }

    public Map<String, Object> config() { return config; }

    /** The run of this variant, warm-up and seed. */
    public Run run(Variant v, long warmup, long seed) {
        for (Run r : runs) if (r.variant() == v && r.warmup() == warmup && r.seed() == seed) return r;
        throw new IllegalArgumentException("no run of " + arm(v, warmup) + ", seed " + seed + "; runs: " + names());
    }

    /** How many seeds of this variant and warm-up solved the task. */
    public int solved(Variant v, long warmup) {
        return (int) of(v, warmup).stream().filter(Run::solved).count();
    }

    /** The final training losses of this variant and warm-up, seed by seed. */
    public double[] finalLosses(Variant v, long warmup) {
        return of(v, warmup).stream().mapToDouble(r -> r.result().finalTrainLoss()).toArray();
    }

    /** Per seed, the step at which the run of this variant and warm-up first had a 10-step mean loss below {@code loss} (-1: never). */
    public long[] stepsToLoss(Variant v, long warmup, double loss) {
        return of(v, warmup).stream().mapToLong(r -> r.stepsToLoss(loss)).toArray();
    }

    /** The first ÷ last transformer block's {@code metric} (weight_grad_l2, out_grad_l2) at initialisation, in the run of this seed. */
    public double gradientRatioAtInit(Variant v, long seed, String metric) {
        Run r = run(v, warmupOf(v, seed), seed);
        return GradientFlow.firstToLast(r.probes(), r.model(), metric, 0);
    }

    /**
     * One row per run: {@code variant}, {@code warmup}, {@code seed}, {@code final_train_loss}, {@code accuracy}
     * (test), {@code solved} (1 or 0), {@code status}.
     */
    public Table table() {
        StringColumn variant = StringColumn.create("variant"), status = StringColumn.create("status");
        IntColumn warmup = IntColumn.create("warmup"), seed = IntColumn.create("seed"), solved = IntColumn.create("solved");
        DoubleColumn loss = DoubleColumn.create("final_train_loss"), acc = DoubleColumn.create("accuracy");
        for (Run r : runs) {
            variant.append(r.variant().label());
            warmup.append((int) r.warmup());
            seed.append((int) r.seed());
            loss.append(r.result().finalTrainLoss());
            acc.append(r.accuracy());
            solved.append(r.solved() ? 1 : 0);
            status.append(r.result().status().name().toLowerCase(java.util.Locale.ROOT));
        }
        return Table.create("runs", variant, warmup, seed, loss, acc, solved, status);
    }

    /** One row per variant and warm-up: {@code arm}, {@code runs}, {@code solved}, the median final training loss. */
    public Table summary() {
        StringColumn arm = StringColumn.create("arm");
        IntColumn n = IntColumn.create("runs"), solved = IntColumn.create("solved");
        DoubleColumn median = DoubleColumn.create("median_final_train_loss");
        for (Map.Entry<String, List<Run>> e : byArm().entrySet()) {
            List<Run> rs = e.getValue();
            arm.append(e.getKey());
            n.append(rs.size());
            solved.append((int) rs.stream().filter(Run::solved).count());
            double[] l = rs.stream().mapToDouble(r -> r.result().finalTrainLoss()).sorted().toArray();
            median.append(l.length % 2 == 1 ? l[l.length / 2] : (l[l.length / 2 - 1] + l[l.length / 2]) / 2);
        }
        return Table.create("solved (test accuracy >= " + SOLVED_ACCURACY + ") by variant and warm-up", arm, n, solved, median);
    }

    /** Every run's gradient records in the probe table format. */
    public Table probes() {
        List<Table> ts = new ArrayList<>();
        for (Run r : runs) ts.add(r.probes());
        return ProbeTables.concat(ts);
    }

    /** The batch loss of the runs of {@code seed} (moving average of 10 steps), one line per variant and warm-up; log y. */
    public XYChart lossChart(long seed) {
        CurvePlot c = Plots.lossCurves().logY(true).title("Training loss, seed " + seed).xLabel("step").yLabel("batch loss (moving average of 10)");
        int n = 0;
        for (Run r : runs) {
            if (r.seed() != seed || r.result().history().size() == 0) continue;
            c.add(r.arm(), TrainingCurves.steps(r.result()), TrainingCurves.smoothed(r.result(), 10));
            n++;
        }
        if (n == 0) throw new IllegalArgumentException("no run of seed " + seed + "; runs: " + names());
        return c.build();
    }

    static String arm(Variant v, long warmup) {
        String name = v.label().replace("-ln", "-LN").replace("rezero", "ReZero");
        return name + (warmup == 0 ? ", no warm-up" : ", warm-up " + warmup);
    }

    private List<Run> of(Variant v, long warmup) {
        List<Run> out = new ArrayList<>();
        for (Run r : runs) if (r.variant() == v && r.warmup() == warmup) out.add(r);
        if (out.isEmpty()) throw new IllegalArgumentException("no run of " + arm(v, warmup) + "; runs: " + names());
        return out;
    }

    private long warmupOf(Variant v, long seed) {
        for (Run r : runs) if (r.variant() == v && r.seed() == seed) return r.warmup();
        throw new IllegalArgumentException("no run of " + v.label() + ", seed " + seed + "; runs: " + names());
    }

    private Map<String, List<Run>> byArm() {
        Map<String, List<Run>> m = new LinkedHashMap<>();
        for (Run r : runs) m.computeIfAbsent(r.arm(), k -> new ArrayList<>()).add(r);
        return m;
    }

    private List<String> names() {
        List<String> n = new ArrayList<>();
        for (Run r : runs) n.add(r.model());
        return n;
    }

    @Override
    public String toString() {
        return summary().print();
    }
}
