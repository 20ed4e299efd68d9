package org.residuallab.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.residuallab.nn.Shapes;

/**
 * A train/test split of one dataset. Classification splits are stratified: every class goes to the
 * test set in the same proportion, so a 3-class set stays balanced on both sides.
 * <pre>Split s = Split.of(digits, 0.25, 42);  // s.train(), s.test()</pre>
 */
public record Split(Dataset train, Dataset test) {

    /** Splits {@code data} with {@code testFraction} of each class (or of all rows, for regression and sequences) in the test set. */
    public static Split of(Dataset data, double testFraction, long seed) {
        Shapes.require(testFraction > 0 && testFraction < 1, "testFraction", testFraction, "in (0, 1)");
        Random rng = new Random(seed);
        List<Integer> train = new ArrayList<>(), test = new ArrayList<>();
        for (int[] group : groups(data)) {
            shuffle(group, rng);
            int nTest = (int) Math.round(group.length * testFraction);
            if (group.length >= 2) nTest = Math.max(1, Math.min(group.length - 1, nTest));
            for (int i = 0; i < group.length; i++) (i < nTest ? test : train).add(group[i]);
        }
        if (train.isEmpty() || test.isEmpty()) {
            throw new IllegalArgumentException("dataset '" + data.name() + "' with " + data.size()
                    + " rows is too small to split with testFraction " + testFraction);
        }
        return new Split(data.rows(sorted(train)).named(data.name() + "-train"), data.rows(sorted(test)).named(data.name() + "-test"));
    }

    /** Row indices per class (classification) or one group of all rows (regression, and sequences with a label per position). */
    private static List<int[]> groups(Dataset data) {
        List<int[]> groups = new ArrayList<>();
        if (!data.isClassification() || data.positions() > 1) {
            int[] all = new int[data.size()];
            for (int i = 0; i < all.length; i++) all[i] = i;
            groups.add(all);
            return groups;
        }
        int[] labels = data.labels();
        int[] counts = data.classCounts();
        for (int c = 0; c < data.classes(); c++) {
            int[] g = new int[counts[c]];
            int k = 0;
            for (int i = 0; i < labels.length; i++) if (labels[i] == c) g[k++] = i;
            groups.add(g);
        }
        return groups;
    }

    /** Fisher-Yates with a seeded generator: the same seed gives the same order on every machine. */
    static void shuffle(int[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static int[] sorted(List<Integer> rows) {
        int[] a = rows.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(a);
        return a;
    }
}
