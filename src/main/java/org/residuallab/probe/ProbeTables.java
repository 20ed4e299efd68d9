package org.residuallab.probe;

import java.nio.file.Path;
import java.util.List;
import org.residuallab.io.AtomicFiles;
import org.residuallab.nn.Block;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Model;
import org.residuallab.nn.Param;
import org.residuallab.nn.Shapes;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The tidy tables probes produce, and helpers to combine, filter and save them.
 * <ul>
 * <li>scalars: {@code run} (string), {@code model} (string), {@code depth} (int), {@code step} (int),
 *     {@code layer} (string: a unit, activation or parameter path, see {@link ProbeMetrics}),
 *     {@code layer_index} (int: the unit's position, stem 0, blocks 1..depth, head depth + 1),
 *     {@code metric} (string), {@code value} (double);</li>
 * <li>histograms: {@code run, model, depth, step, layer, layer_index}, {@code kind} (activation, out_grad,
 *     weight_grad), {@code bin} (int, 0-based), {@code bin_lo}, {@code bin_hi} (double), {@code count} (long).</li>
 * </ul>
 */
public final class ProbeTables {
    private ProbeTables() {}

    static Table scalars(ProbeLog log) {
        int n = log.size();
        StringColumn layer = StringColumn.create("layer"), metric = StringColumn.create("metric");
        IntColumn step = IntColumn.create("step"), index = IntColumn.create("layer_index");
        DoubleColumn value = DoubleColumn.create("value");
        for (int i = 0; i < n; i++) {
            step.append(Math.toIntExact(log.step(i)));
            layer.append(log.layer(i));
            index.append(log.layerIndex(i));
            metric.append(log.metric(i));
            value.append(log.value(i));
        }
        return Table.create("probes", constant("run", log.run(), n), constant("model", log.model(), n),
                IntColumn.create("depth", n).setMissingTo(log.depth()), step, layer, index, metric, value);
    }

    static Table histograms(ProbeLog log) {
        StringColumn layer = StringColumn.create("layer"), kind = StringColumn.create("kind");
        IntColumn step = IntColumn.create("step"), index = IntColumn.create("layer_index"), bin = IntColumn.create("bin");
        DoubleColumn lo = DoubleColumn.create("bin_lo"), hi = DoubleColumn.create("bin_hi");
        LongColumn count = LongColumn.create("count");
        for (ProbeLog.Histogram h : log.histograms()) {
            int bins = h.counts().length;
            double width = (h.hi() - h.lo()) / bins;
            for (int b = 0; b < bins; b++) {
                step.append(Math.toIntExact(h.step()));
                layer.append(log.layerName(h.layer()));
                index.append(log.layerIndexOf(h.layer()));
                kind.append(h.kind());
                bin.append(b);
                lo.append(h.lo() + b * width);
                hi.append(b == bins - 1 ? h.hi() : h.lo() + (b + 1) * width);
                count.append(h.counts()[b]);
            }
        }
        int n = step.size();
        return Table.create("histograms", constant("run", log.run(), n), constant("model", log.model(), n),
                IntColumn.create("depth", n).setMissingTo(log.depth()), step, layer, index, kind, bin, lo, hi, count);
    }

    /**
     * One row per unit (top-level layer) of {@code model}, input side first: {@code model}, {@code layer},
     * {@code layer_index} (as in the probe tables), {@code kind} (Conv2d, ResidualBlock, ...), {@code role}
     * (stem, block, head), {@code stage}, {@code output_shape} (one example's, e.g. (16, 14, 14)) and
     * {@code params}. A <em>stage</em> is a run of blocks on one feature-map shape (He et al. 2015: "when the
     * feature map size is halved, the number of filters is doubled"): stage 1 starts at the first block, and
     * each block that changes the shape starts the next one. The stem (units before the first block) is
     * stage 0, the head (units after the last block) the last stage + 1. Every block of an MLP is in stage 1;
     * a model without blocks has every unit in stage 0 with role "layer".
     * Join it to a probe table on {@code layer_index} to group rows by stage:
     * <pre>Table units = ProbeTables.units(model);   // block4 | 4 | ResidualBlock | block | 2 | (16, 14, 14) | 4,672</pre>
     */
    public static Table units(Model model) {
        if (model == null) throw new IllegalArgumentException("model must not be null");
        List<Layer> top = model.net().children();
        long[] shape = null;
        try {
            shape = model.inputShape();
        } catch (IllegalStateException e) {
            // shapes unknown: stages cannot be told apart, every block is in stage 1
        }
        int first = -1, last = -1;
        for (int i = 0; i < top.size(); i++) {
            if (!(top.get(i) instanceof Block)) continue;
            if (first < 0) first = i;
            last = i;
        }
        StringColumn name = StringColumn.create("model"), layer = StringColumn.create("layer"), kind = StringColumn.create("kind"),
                role = StringColumn.create("role"), out = StringColumn.create("output_shape");
        IntColumn index = IntColumn.create("layer_index"), stage = IntColumn.create("stage");
        LongColumn params = LongColumn.create("params");
        int s = 0;
        for (int i = 0; i < top.size(); i++) {
            Layer l = top.get(i);
            long[] next = shape == null ? null : l.outputShape(shape);
            String r;
            if (first < 0) {
                r = "layer";
            } else if (i < first) {
                r = "stem";
            } else if (i > last) {
                r = "head";
                if (i == last + 1) s++;
            } else {
                r = "block";
                if (l instanceof Block && (i == first || (next != null && !java.util.Arrays.equals(next, shape)))) s++; // a new stage
            }
            name.append(model.name());
            layer.append(l.path());
            index.append(i);
            kind.append(l.kind());
            role.append(r);
            stage.append(s);
            out.append(next == null ? "" : Shapes.str(next));
            params.append(l.params().stream().mapToLong(Param::size).sum());
            shape = next;
        }
        return Table.create("units " + model.name(), name, layer, index, kind, role, stage, out, params);
    }

    /**
     * {@code metric} averaged over the blocks of each stage, per model and recorded step, from a probe table
     * and the {@link #units} table of the models' (shared) structure: {@code model, step, stage, blocks, metric,
     * value}; only unit rows of blocks count (e.g. weight_grad_l2 of block4, not of its parameters).
     * <pre>ProbeTables.byStage(compare.probes(), ProbeTables.units(model), "weight_grad_l2")</pre>
     */
    public static Table byStage(Table probes, Table units, String metric) {
        for (String c : new String[] {"model", "step", "layer", "layer_index", "metric", "value"}) {
            if (!probes.columnNames().contains(c)) {
                throw new IllegalArgumentException("table '" + probes.name() + "' has no column '" + c + "': pass a probe table (ProbeSession.table(), CompareResult.probes())");
            }
        }
        for (String c : new String[] {"layer", "layer_index", "role", "stage"}) {
            if (!units.columnNames().contains(c)) {
                throw new IllegalArgumentException("table '" + units.name() + "' has no column '" + c + "': pass ProbeTables.units(model)");
            }
        }
        java.util.Map<Integer, Integer> stageOf = new java.util.HashMap<>();
        java.util.Map<Integer, String> blockName = new java.util.HashMap<>();
        for (int i = 0; i < units.rowCount(); i++) {
            if (!units.stringColumn("role").getString(i).equals("block")) continue;
            int idx = units.intColumn("layer_index").getInt(i);
            stageOf.put(idx, units.intColumn("stage").getInt(i));
            blockName.put(idx, units.stringColumn("layer").getString(i));
        }
        if (stageOf.isEmpty()) throw new IllegalArgumentException("table '" + units.name() + "' has no blocks: byStage groups the blocks of a model");
        // (model, step, stage) -> {sum, count}, in order of first appearance
        java.util.Map<java.util.List<Object>, double[]> sums = new java.util.TreeMap<>((a, b) -> {
            int c = ((String) a.get(0)).compareTo((String) b.get(0));
            if (c == 0) c = Integer.compare((Integer) a.get(1), (Integer) b.get(1));
            return c != 0 ? c : Integer.compare((Integer) a.get(2), (Integer) b.get(2));
        });
        for (int i = 0; i < probes.rowCount(); i++) {
            if (!probes.stringColumn("metric").getString(i).equals(metric)) continue;
            int idx = probes.intColumn("layer_index").getInt(i);
            Integer st = stageOf.get(idx);
            if (st == null || !probes.stringColumn("layer").getString(i).equals(blockName.get(idx))) continue; // a block's own row only
            double[] acc = sums.computeIfAbsent(java.util.List.of(probes.stringColumn("model").getString(i), probes.intColumn("step").getInt(i), st),
                    k -> new double[2]);
            acc[0] += probes.doubleColumn("value").getDouble(i);
            acc[1]++;
        }
        if (sums.isEmpty()) {
            throw new IllegalArgumentException("no '" + metric + "' rows of blocks in table '" + probes.name() + "' (the units table's blocks are "
                    + new java.util.TreeSet<>(blockName.values()) + ")");
        }
        StringColumn model = StringColumn.create("model"), m = StringColumn.create("metric");
        IntColumn step = IntColumn.create("step"), stage = IntColumn.create("stage"), blocks = IntColumn.create("blocks");
        DoubleColumn value = DoubleColumn.create("value");
        for (java.util.Map.Entry<java.util.List<Object>, double[]> e : sums.entrySet()) {
            model.append((String) e.getKey().get(0));
            step.append((Integer) e.getKey().get(1));
            stage.append((Integer) e.getKey().get(2));
            blocks.append((int) e.getValue()[1]);
            m.append(metric);
            value.append(e.getValue()[0] / e.getValue()[1]);
        }
        return Table.create(metric + " by stage", model, step, stage, blocks, m, value);
    }

    /** Stacks tables with the same columns (e.g. the probe tables of a plain and a residual model). */
    public static Table concat(List<Table> tables) {
        if (tables.isEmpty()) throw new IllegalArgumentException("nothing to concatenate");
        Table out = tables.get(0).copy();
        for (int i = 1; i < tables.size(); i++) out.append(tables.get(i));
        return out;
    }

    /** The rows of one metric. */
    public static Table metric(Table scalars, String metric) {
        return scalars.where(scalars.stringColumn("metric").isEqualTo(metric));
    }

    /**
     * One model's {@code metric} at {@code step} for each layer, ordered by layer_index (input side first):
     * the data of the "gradient norm versus layer index" plot. Only rows whose layer is a unit name are
     * meaningful for unit metrics; parameter metrics give one value per parameter.
     */
    public static Table byLayer(Table scalars, String model, String metric, int step) {
        Table t = scalars.where(scalars.stringColumn("model").isEqualTo(model)
                .and(scalars.stringColumn("metric").isEqualTo(metric))
                .and(scalars.intColumn("step").isEqualTo(step)));
        return t.sortAscendingOn("layer_index");
    }

    /** Writes {@code table} as CSV with a header, through a temp file and a rename, so no half-written file remains. */
    public static void writeCsv(Table table, Path file) {
        AtomicFiles.writeCsv(file, table);
    }

    private static StringColumn constant(String name, String value, int n) {
        StringColumn c = StringColumn.create(name);
        for (int i = 0; i < n; i++) c.append(value);
        return c;
    }
}
