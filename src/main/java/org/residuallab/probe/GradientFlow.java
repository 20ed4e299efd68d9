package org.residuallab.probe;

import java.util.Arrays;
import java.util.TreeMap;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * How much gradient reaches the first hidden block compared with the last, at every recorded step of a
 * training run: the heat map's bottom row over its top row, as numbers. Blocks are layer_index 1 and
 * {@code depth} of a probe table (see {@link ProbeTables}); the metric is weight_grad_l2 unless chosen.
 * <pre>GradientFlow f = GradientFlow.of(compare.probes(), "plain-sigmoid-d20");
 * f.maxRatio();   // the most the first block ever got, relative to the last</pre>
 */
public final class GradientFlow {
    private final String model, metric;
    private final int depth;
    private final long[] steps;
    private final double[] first, last;

    private GradientFlow(String model, String metric, int depth, long[] steps, double[] first, double[] last) {
        this.model = model;
        this.metric = metric;
        this.depth = depth;
        this.steps = steps;
        this.first = first;
        this.last = last;
    }

    /** The weight-gradient flow of {@code model} in a probe table. */
    public static GradientFlow of(Table probes, String model) {
        return of(probes, model, ProbeMetrics.WEIGHT_GRAD_L2);
    }

    /** The flow of {@code metric} (a unit metric such as weight_grad_l2 or out_grad_l2) of {@code model}. */
    public static GradientFlow of(Table probes, String model, String metric) {
        if (probes == null) throw new IllegalArgumentException("probe table must not be null");
        for (String c : new String[] {"model", "step", "layer", "layer_index", "metric", "value"}) {
            if (!probes.columnNames().contains(c)) {
                throw new IllegalArgumentException("table '" + probes.name() + "' has no column '" + c + "': pass a probe table (ProbeSession.table(), CompareResult.probes())");
            }
        }
        Table rows = probes.where(probes.stringColumn("model").isEqualTo(model).and(probes.stringColumn("metric").isEqualTo(metric)));
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no '" + metric + "' rows for model '" + model + "'; models in the table: "
                    + probes.stringColumn("model").unique().asList());
        }
        // the hidden blocks are the units named block1, block2, ...: the first and the last by layer_index, at each step
        TreeMap<Integer, double[]> bySteps = new TreeMap<>(); // step -> {first index, its value, last index, its value}
        java.util.Set<String> blockNames = new java.util.HashSet<>();
        for (int i = 0; i < rows.rowCount(); i++) {
            String layer = rows.stringColumn("layer").getString(i);
            if (!layer.matches("block\\d+")) continue;
            blockNames.add(layer);
            int index = rows.intColumn("layer_index").getInt(i);
            double v = rows.doubleColumn("value").getDouble(i);
            double[] e = bySteps.computeIfAbsent(rows.intColumn("step").getInt(i), s -> new double[] {Integer.MAX_VALUE, Double.NaN, Integer.MIN_VALUE, Double.NaN});
            if (index < e[0]) { e[0] = index; e[1] = v; }
            if (index > e[2]) { e[2] = index; e[3] = v; }
        }
        int depth = blockNames.size();
        if (depth == 0) throw new IllegalArgumentException("model '" + model + "' has no '" + metric + "' rows for hidden blocks (block1, block2, ...)");
        long[] steps = bySteps.keySet().stream().mapToLong(Integer::longValue).toArray();
        double[] first = bySteps.values().stream().mapToDouble(p -> p[1]).toArray();
        double[] last = bySteps.values().stream().mapToDouble(p -> p[3]).toArray();
        return new GradientFlow(model, metric, depth, steps, first, last);
    }

    /**
     * The lesson's ratio, defined here once: {@code metric} of the first hidden block ÷ of the last, at {@code step}
     * (1 is level, 1e-6 a millionfold loss toward the input).
     */
    public static double firstToLast(Table probes, String model, String metric, long step) {
        return of(probes, model, metric).ratioAt(step);
    }

    public String model() { return model; }

    public String metric() { return metric; }

    public int depth() { return depth; }

    /** The recorded steps, ascending. */
    public long[] steps() { return steps.clone(); }

    /** The first hidden block's norm at each step. */
    public double[] firstBlock() { return first.clone(); }

    /** The last hidden block's norm at each step. */
    public double[] lastBlock() { return last.clone(); }

    /** First block ÷ last block at each step. */
    public double[] ratios() {
        double[] r = new double[steps.length];
        for (int i = 0; i < r.length; i++) r[i] = first[i] / last[i];
        return r;
    }

    /** The smallest ratio over the run. */
    public double minRatio() { return Arrays.stream(ratios()).min().getAsDouble(); }

    /** The largest ratio over the run. */
    public double maxRatio() { return Arrays.stream(ratios()).max().getAsDouble(); }

    /** The same flow from {@code step} on (e.g. to leave out the first steps of training). */
    public GradientFlow from(long step) {
        int i = 0;
        while (i < steps.length && steps[i] < step) i++;
        if (i == steps.length) {
            throw new IllegalArgumentException("model '" + model + "' has no record at or after step " + step + "; the last is step " + steps[steps.length - 1]);
        }
        return new GradientFlow(model, metric, depth, Arrays.copyOfRange(steps, i, steps.length),
                Arrays.copyOfRange(first, i, first.length), Arrays.copyOfRange(last, i, last.length));
    }

    /** The ratio at a recorded step. */
    public double ratioAt(long step) {
        int i = Arrays.binarySearch(steps, step);
        if (i < 0) throw new IllegalArgumentException("model '" + model + "' has no record at step " + step + "; recorded steps: " + Arrays.toString(steps));
        return first[i] / last[i];
    }

    /** Tidy table {@code model, step, metric, value} with metrics first_block, last_block and ratio. */
    public Table table() {
        StringColumn m = StringColumn.create("model"), k = StringColumn.create("metric");
        IntColumn s = IntColumn.create("step");
        DoubleColumn v = DoubleColumn.create("value");
        double[] r = ratios();
        for (int i = 0; i < steps.length; i++) {
            double[] values = {first[i], last[i], r[i]};
            String[] names = {"first_block", "last_block", "ratio"};
            for (int j = 0; j < 3; j++) {
                m.append(model);
                s.append(Math.toIntExact(steps[i]));
                k.append(names[j]);
                v.append(values[j]);
            }
        }
        return Table.create("gradient flow " + metric, m, s, k, v);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s: %s block 1 / block %d over %d steps: min %.3g, max %.3g",
                model, metric, depth, steps.length, minRatio(), maxRatio());
    }
}
