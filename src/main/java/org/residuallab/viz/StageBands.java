package org.residuallab.viz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.Table;

/**
 * The stages of a model as bands of layer_index, read from a units table ({@code ProbeTables.units(model)}:
 * {@code layer_index, role, stage}): "stem", "stage 1", "stage 2", ..., "head". Charts draw a line between
 * neighbouring bands and name each.
 */
record StageBands(List<Band> bands) {

    /** Units {@code from..to} (layer_index, inclusive) under one label. */
    record Band(String label, int from, int to) {}

    static StageBands of(Table units, String plot) {
        if (units == null) throw new IllegalArgumentException(plot + ": the units table is null (pass ProbeTables.units(model))");
        for (String c : new String[] {"layer_index", "role", "stage"}) {
            if (!units.containsColumn(c)) {
                throw new IllegalArgumentException(plot + ": table '" + units.name() + "' has no column '" + c + "'; pass ProbeTables.units(model)");
            }
        }
        List<Band> out = new ArrayList<>();
        Table sorted = units.sortAscendingOn("layer_index");
        for (int i = 0; i < sorted.rowCount(); i++) {
            String role = sorted.stringColumn("role").getString(i);
            int index = sorted.intColumn("layer_index").getInt(i), stage = sorted.intColumn("stage").getInt(i);
            String label = role.equals("block") ? String.format(Locale.ROOT, "stage %d", stage) : role;
            Band last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.label().equals(label)) out.set(out.size() - 1, new Band(label, last.from(), index));
            else out.add(new Band(label, index, index));
        }
        return new StageBands(List.copyOf(out));
    }

    /** The layer_index positions between bands: 2.5 between a stem ending at 2 and a stage starting at 3. */
    double[] boundaries() {
        double[] b = new double[Math.max(0, bands.size() - 1)];
        for (int i = 1; i < bands.size(); i++) b[i - 1] = bands.get(i).from() - 0.5;
        return b;
    }

    /** "stem 0–2 · stage 1: 3–5 · ... · head 12", for an axis title. */
    String legend() {
        List<String> parts = new ArrayList<>();
        for (Band b : bands) parts.add(b.label() + " " + (b.from() == b.to() ? String.valueOf(b.from()) : b.from() + "–" + b.to()));
        return String.join(" · ", parts);
    }
}
