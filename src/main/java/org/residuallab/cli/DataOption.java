package org.residuallab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.residuallab.data.CsvLoader;
import org.residuallab.data.Dataset;
import org.residuallab.data.Datasets;
import org.residuallab.data.Split;

/**
 * The {@code --data} names: spirals[:K], circles, xor, checkerboard, teacher (regression), digits, or
 * the path of a CSV file (label in the last column). Synthetic sets are seeded by {@code --seed}.
 */
final class DataOption {
    private DataOption() {}

    static final String HELP = "spirals[:K] (K-class spirals, default 3), circles, xor, checkerboard, teacher (regression), digits, "
        + "or a CSV file (numeric features, label last)";

    /** The data, split into train and test when {@code testFraction} > 0 (test is null otherwise). */
    static Split load(String spec, double testFraction, long seed) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("--data must not be empty: " + HELP);
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("--test-fraction must be in [0, 1) but was " + testFraction);
        }
        String s = spec.trim(), name = s.toLowerCase(Locale.ROOT);
        if (name.equals("digits")) {
            if (testFraction == 0) return new Split(Datasets.digits(), null);   // unscaled pixels: there is no train split to standardise on
            return Datasets.digits(testFraction, seed);
        }
        Dataset all = synthetic(name, seed);
        if (all == null) all = csv(s);
        return testFraction == 0 ? new Split(all, null) : all.split(testFraction, seed);
    }

    private static Dataset synthetic(String name, long seed) {
        if (name.equals("spirals") || name.startsWith("spirals:")) {
            int k = 3;
            if (name.startsWith("spirals:")) {
                try {
                    k = Integer.parseInt(name.substring("spirals:".length()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--data " + name + ": the number of classes after 'spirals:' must be an integer");
                }
            }
            return Datasets.spirals(50, k, 0.1, seed);
        }
        switch (name) {
            case "circles": return Datasets.circles(200, 0.08, 0.5, seed);
            case "xor": return Datasets.xor(200, 0.05, seed);
            case "checkerboard": return Datasets.checkerboard(400, 4, 0.02, seed);
            case "teacher": return Datasets.teacher(256, 8, 1, 32, 3, 0.05, seed);
            default: return null;
        }
    }

    private static Dataset csv(String path) {
        Path p = Path.of(path);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("unknown --data '" + path + "': not a built-in set and no such file. Expected " + HELP);
        }
        return CsvLoader.classification().read(p);
    }
}
