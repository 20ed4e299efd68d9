package org.residuallab.probe;

import java.nio.file.Path;
import java.util.List;
import org.residuallab.io.AtomicFiles;
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
