package org.residuallab.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Turns label cells into classes 0..K-1: as they are when they already are exactly 0..K-1, else numbered in sorted order. */
record CsvLabels(int[] labels, int classes, List<String> names) {

    static CsvLabels code(String[] raw, String source) {
        boolean numeric = true;
        for (String c : raw) numeric &= CsvCells.parse(c) != null;
        String[] cells = numeric ? canonical(raw) : raw; // "1" and "1.0" are one class
        Comparator<String> order = numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder();
        TreeSet<String> distinct = new TreeSet<>(order);
        for (String c : cells) distinct.add(c);
        if (distinct.size() < 2) {
            throw new CsvFormatException(source, 0, "every row has the label '" + cells[0] + "': classification needs at least 2 classes");
        }
        List<String> names = new ArrayList<>(distinct);
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < names.size(); k++) index.put(names.get(k), k);
        int[] labels = new int[cells.length];
        for (int i = 0; i < cells.length; i++) labels[i] = index.get(cells[i]);
        boolean alreadyCoded = true;
        for (int k = 0; k < names.size(); k++) alreadyCoded &= isInteger(names.get(k), k);
        return new CsvLabels(labels, names.size(), alreadyCoded ? null : names);
    }

    private static String[] canonical(String[] cells) {
        String[] out = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            double v = CsvCells.parse(cells[i]);
            out[i] = v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
        return out;
    }

    private static boolean isInteger(String s, int k) {
        Double v = CsvCells.parse(s);
        return v != null && v == k;
    }
}
