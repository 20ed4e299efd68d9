package org.residuallab.viz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Reads a binned histogram table ({@code run, model, depth, step, layer, layer_index, kind, bin, bin_lo,
 * bin_hi, count}) into one histogram per layer, for one model, kind and step.
 */
final class HistogramTable {
    private HistogramTable() {}

    static final List<String> COLUMNS = List.of("model", "step", "layer", "layer_index", "kind", "bin_lo", "bin_hi", "count");

    /** A layer's histogram in bin order: edges, counts, and from them centres and widths. */
    record Layer(String name, int index, double[] lo, double[] hi, double[] counts) {
        double[] centres() {
            double[] c = new double[lo.length];
            for (int i = 0; i < c.length; i++) c[i] = (lo[i] + hi[i]) / 2;
            return c;
        }

        double[] widths() {
            double[] w = new double[lo.length];
            for (int i = 0; i < w.length; i++) w[i] = hi[i] - lo[i];
            return w;
        }
    }

    /** The chosen model (the only one when {@code model} is null), the step used, and the layers input side first. */
    record Selection(String model, long step, List<Layer> layers) {}

    static Selection read(Table t, String model, String kind, Long step) {
        String plot = "histograms";
        if (t == null) throw new IllegalArgumentException(plot + ": the table is null");
        for (String c : COLUMNS) {
            if (!t.containsColumn(c)) {
                throw new IllegalArgumentException(plot + ": table '" + t.name() + "' has no column '" + c + "' (it has " + t.columnNames()
                    + "; a histogram table has " + COLUMNS + ")");
            }
        }
        if (t.rowCount() == 0) throw new IllegalArgumentException(plot + ": table '" + t.name() + "' is empty");
        Column<?> models = t.column("model"), kinds = t.column("kind"), layers = t.column("layer");
        NumericColumn<?> steps = num(t, "step"), index = num(t, "layer_index"), lo = num(t, "bin_lo"), hi = num(t, "bin_hi"), count = num(t, "count");
        Set<String> modelNames = TidyRows.distinct(models);
        String chosen = model;
        if (chosen == null) {
            if (modelNames.size() > 1) throw new IllegalArgumentException(plot + ": the table holds models " + modelNames + "; choose one with .model(name)");
            chosen = modelNames.iterator().next();
        } else if (!modelNames.contains(chosen)) {
            throw new IllegalArgumentException(plot + ": no model '" + chosen + "' in the histogram table (models: " + modelNames + ")");
        }
        Set<String> kindNames = new LinkedHashSet<>();
        long first = Long.MAX_VALUE;
        for (int i = 0; i < t.rowCount(); i++) {
            if (!models.getString(i).equals(chosen)) continue;
            kindNames.add(kinds.getString(i));
            if (kinds.getString(i).equals(kind)) first = Math.min(first, (long) steps.getDouble(i));
        }
        if (first == Long.MAX_VALUE) {
            throw new IllegalArgumentException(plot + ": model '" + chosen + "' has no '" + kind + "' histograms (kinds: " + kindNames + ")");
        }
        long at = step != null ? step : first;
        Map<String, TreeMap<Double, double[]>> bins = new LinkedHashMap<>();   // layer -> bin_lo -> {bin_hi, count}
        Map<String, Integer> order = new LinkedHashMap<>();
        for (int i = 0; i < t.rowCount(); i++) {
            if (!models.getString(i).equals(chosen) || !kinds.getString(i).equals(kind) || (long) steps.getDouble(i) != at) continue;
            double c = count.getDouble(i), a = lo.getDouble(i), b = hi.getDouble(i);
            if (!(c >= 0) || !Double.isFinite(a) || !Double.isFinite(b) || b < a) {
                throw new IllegalArgumentException(plot + ": row " + i + " (layer '" + layers.getString(i) + "') has count " + c + " and bin ["
                    + lo.getDouble(i) + ", " + hi.getDouble(i) + "]");
            }
            double[] old = bins.computeIfAbsent(layers.getString(i), l -> new TreeMap<>()).putIfAbsent(a, new double[] {b, c});
            if (old != null) old[1] += c;
            order.putIfAbsent(layers.getString(i), (int) index.getDouble(i));
        }
        if (bins.isEmpty()) throw new IllegalArgumentException(plot + ": model '" + chosen + "' has no '" + kind + "' histograms at step " + at);
        List<Layer> out = new ArrayList<>();
        bins.forEach((name, m) -> out.add(coarsen(new Layer(name, order.get(name), m.keySet().stream().mapToDouble(Double::doubleValue).toArray(),
            m.values().stream().mapToDouble(v -> v[0]).toArray(), m.values().stream().mapToDouble(v -> v[1]).toArray()))));
        out.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return new Selection(chosen, at, out);
    }

    /** Merges neighbouring bins pairwise while there are fewer than ~25 values per bin (and more than 8 bins): small batches give spiky lines otherwise. */
    static Layer coarsen(Layer l) {
        double[] lo = l.lo(), hi = l.hi(), n = l.counts();
        double total = java.util.Arrays.stream(n).sum();
        while (n.length > 8 && total / n.length < 25) {
            int m = (n.length + 1) / 2;   // an odd last bin stays on its own
            double[] lo2 = new double[m], hi2 = new double[m], n2 = new double[m];
            for (int i = 0; i < m; i++) {
                int j = 2 * i, k = Math.min(2 * i + 1, n.length - 1);
                lo2[i] = lo[j];
                hi2[i] = hi[k];
                n2[i] = n[j] + (k > j ? n[k] : 0);
            }
            lo = lo2;
            hi = hi2;
            n = n2;
        }
        return new Layer(l.name(), l.index(), lo, hi, n);
    }

    private static NumericColumn<?> num(Table t, String name) {
        Column<?> c = t.column(name);
        if (!(c instanceof NumericColumn)) {
            throw new IllegalArgumentException("histograms: column '" + name + "' of table '" + t.name() + "' must be numeric, but is " + c.type().name());
        }
        return (NumericColumn<?>) c;
    }
}
