package org.residuallab.viz;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.residuallab.nn.BlockKind;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Reads the rows of a tidy probe table ({@code run, model, depth, step, layer, layer_index, metric, value})
 * that a plot needs, checking columns, types and values and naming what is wrong.
 */
final class TidyRows {
    private TidyRows() {}

    static final List<String> SCHEMA = List.of("run", "model", "depth", "step", "layer", "layer_index", "metric", "value");

    /** One row; columns the table lacks read as "" or -1 ({@code block} is an optional extra column). */
    record Row(String run, String model, String block, int depth, long step, String layer, int layerIndex, String metric, double value) {}

    /**
     * The rows whose metric is one of {@code metrics}. {@code plot} names the caller in errors;
     * {@code required} lists the columns besides {@code metric} and {@code value} the plot reads.
     */
    static List<Row> read(Table t, String plot, Collection<String> metrics, String... required) {
        if (t == null) throw new IllegalArgumentException(plot + ": the table is null");
        List<String> need = new ArrayList<>(List.of(required));
        need.add("metric");
        need.add("value");
        for (String c : need) {
            if (!t.containsColumn(c)) {
                throw new IllegalArgumentException(plot + ": table '" + t.name() + "' has no column '" + c + "' (it has "
                    + t.columnNames() + "; a probe table has " + SCHEMA + ")");
            }
        }
        if (t.rowCount() == 0) throw new IllegalArgumentException(plot + ": table '" + t.name() + "' is empty");
        Column<?> metric = t.column("metric");
        NumericColumn<?> value = numeric(t, "value", plot);
        NumericColumn<?> depth = t.containsColumn("depth") ? numeric(t, "depth", plot) : null;
        NumericColumn<?> step = t.containsColumn("step") ? numeric(t, "step", plot) : null;
        NumericColumn<?> index = t.containsColumn("layer_index") ? numeric(t, "layer_index", plot) : null;
        Column<?> run = t.containsColumn("run") ? t.column("run") : null;
        Column<?> model = t.containsColumn("model") ? t.column("model") : null;
        Column<?> layer = t.containsColumn("layer") ? t.column("layer") : null;
        Column<?> block = t.containsColumn("block") ? t.column("block") : null;
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++) {
            String m = metric.getString(i);
            if (!metrics.contains(m)) continue;
            Row r = new Row(run == null ? "" : run.getString(i), model == null ? "" : model.getString(i),
                block == null ? "" : block.getString(i),
                whole(depth, i, plot, need), step == null ? -1 : (long) number(step, i, plot, need.contains("step")),
                layer == null ? "" : layer.getString(i), whole(index, i, plot, need), m, value.isMissing(i) ? Double.NaN : value.getDouble(i));
            if (!Double.isFinite(r.value())) {
                throw new IllegalArgumentException(plot + ": row " + i + " (model '" + r.model() + "', layer '" + r.layer()
                    + "', step " + r.step() + ", metric '" + m + "') has value " + r.value() + " (Tablesaw stores a missing value as NaN); plots need finite values");
            }
            rows.add(r);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(plot + ": table '" + t.name() + "' has no rows with metric " + metrics
                + " (metrics present: " + distinct(metric) + ")");
        }
        return rows;
    }

    static List<Row> read(Table t, String plot, String metric, String... required) {
        return read(t, plot, List.of(metric), required);
    }

    /** Distinct values of a column, in order of first appearance. */
    static Set<String> distinct(Column<?> c) {
        Set<String> s = new LinkedHashSet<>();
        for (int i = 0; i < c.size(); i++) s.add(c.getString(i));
        return s;
    }

    /** The series key of a row: the model, prefixed by the run when the rows span several runs. */
    static String key(Row r, boolean manyRuns) {
        return manyRuns && !r.run().isEmpty() ? r.run() + "/" + r.model() : r.model();
    }

    /** Series key → block kind, from the optional {@code block} column (rows whose block is not plain/residual are skipped). */
    static Map<String, BlockKind> kinds(List<Row> rows, boolean manyRuns) {
        Map<String, BlockKind> out = new HashMap<>();
        for (Row r : rows) {
            String b = r.block().trim().toLowerCase(Locale.ROOT);
            if (b.equals("plain")) out.put(key(r, manyRuns), BlockKind.PLAIN);
            if (b.equals("residual")) out.put(key(r, manyRuns), BlockKind.RESIDUAL);
        }
        return out;
    }

    /** The block column's kinds, overridden by the kinds a user declared. */
    static Map<String, BlockKind> kinds(List<Row> rows, boolean manyRuns, Map<String, BlockKind> declared) {
        Map<String, BlockKind> out = kinds(rows, manyRuns);
        out.putAll(declared);
        return out;
    }

    static boolean manyRuns(List<Row> rows) {
        return rows.stream().map(Row::run).distinct().count() > 1;
    }

    private static NumericColumn<?> numeric(Table t, String name, String plot) {
        Column<?> c = t.column(name);
        if (!(c instanceof NumericColumn)) {
            throw new IllegalArgumentException(plot + ": column '" + name + "' of table '" + t.name() + "' must be numeric, but is "
                + c.type().name());
        }
        return (NumericColumn<?>) c;
    }

    private static double number(NumericColumn<?> c, int i, String plot, boolean needed) {
        if (c.isMissing(i)) {
            if (!needed) return -1;
            throw new IllegalArgumentException(plot + ": row " + i + " has no value in column '" + c.name() + "'");
        }
        return c.getDouble(i);
    }

    private static int whole(NumericColumn<?> c, int i, String plot, List<String> need) {
        return c == null ? -1 : (int) number(c, i, plot, need.contains(c.name()));
    }
}
