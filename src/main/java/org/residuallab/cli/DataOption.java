package org.residuallab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.residuallab.data.CharText;
import org.residuallab.data.CsvLoader;
import org.residuallab.data.Dataset;
import org.residuallab.data.Datasets;
import org.residuallab.data.Images;
import org.residuallab.data.SequenceTasks;
import org.residuallab.data.Split;

/**
 * The {@code --data} names. Flat features (mlp): spirals[:K], circles, xor, checkerboard, teacher (regression),
 * digits, or the path of a CSV file (label in the last column). Images (resnet): digits-images (the digits as
 * 1×8×8), fashion-mnist[:N] (N images of each class for training, a tenth as many for testing). Token sequences
 * (transformer): task:copy|reverse|sort[:L] (L digits), task:add[:P] (a + b mod P), text:FILE (characters).
 * Synthetic sets are seeded by {@code --seed}; images are standardised per channel on the training split.
 */
final class DataOption {
    private DataOption() {}

    static final String HELP = "spirals[:K] (K-class spirals, default 3), circles, xor, checkerboard, teacher (regression), digits, "
        + "or a CSV file (numeric features, label last); images: digits-images, fashion-mnist[:N] (N per class, default 100; "
        + "its own test images, a tenth as many); sequences: task:copy|reverse|sort[:L] (L digits, default 4), task:add[:P] "
        + "(mod P, default 31), text:FILE (UTF-8 characters)";

    /** Sequences of a digit task. */
    static final int TASK_SEQUENCES = 2000;
    static final int TASK_DIGITS = 4, ADD_MODULUS = 31, TEXT_CONTEXT = 64, FASHION_PER_CLASS = 100;

    /** The data, split into train and test when {@code testFraction} > 0 (test is null otherwise); {@code context}: text windows (null: 64). */
    static Split load(String spec, double testFraction, long seed, Integer context) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("--data must not be empty: " + HELP);
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("--test-fraction must be in [0, 1) but was " + testFraction);
        }
        String s = spec.trim(), name = s.toLowerCase(Locale.ROOT);
        if (name.equals("digits")) {
            if (testFraction == 0) return new Split(Datasets.digits(), null);   // unscaled pixels: there is no train split to standardise on
            return Datasets.digits(testFraction, seed);
        }
        if (name.equals("digits-images")) {
            if (testFraction == 0) {
                Dataset all = Images.digits();
                return new Split(Images.standardize(new Split(all, all)).train(), null);
            }
            return Images.digits(testFraction, seed);
        }
        if (name.equals("fashion-mnist") || name.startsWith("fashion-mnist:")) {
            int n = count(name, "fashion-mnist", FASHION_PER_CLASS, "images per class", 0);
            Split images = Images.standardize(Images.fashionMnist(n, n == 0 ? 0 : Math.max(1, n / 10), seed));   // 0: all
            return testFraction == 0 ? new Split(images.train(), null) : images;
        }
        if (name.startsWith("task:")) return task(name, testFraction, seed);
        if (name.startsWith("text:")) return text(s.substring("text:".length()), testFraction, context);
        Dataset all = synthetic(name, seed);
        if (all == null) all = csv(s);
        return testFraction == 0 ? new Split(all, null) : all.split(testFraction, seed);
    }

    private static Split task(String name, double testFraction, long seed) {
        String[] parts = name.split(":");
        if (parts.length < 2 || parts.length > 3) throw unknownTask(name);
        String task = parts[1];
        Dataset d;
        switch (task) {
            case "copy", "reverse", "sort" -> {
                int length = count(name, "task:" + task, TASK_DIGITS, "number of digits", 1);
                d = task.equals("copy") ? SequenceTasks.copy(TASK_SEQUENCES, length, seed)
                    : task.equals("reverse") ? SequenceTasks.reverse(TASK_SEQUENCES, length, seed) : SequenceTasks.sort(TASK_SEQUENCES, length, seed);
            }
            case "add" -> d = SequenceTasks.modularAddition(count(name, "task:add", ADD_MODULUS, "modulus", 2));
            default -> throw unknownTask(name);
        }
        return testFraction == 0 ? new Split(d, null) : d.split(testFraction, seed);
    }

    private static IllegalArgumentException unknownTask(String name) {
        return new IllegalArgumentException("unknown --data '" + name + "': the tasks are task:copy, task:reverse, task:sort (each with an "
            + "optional :L digits, default " + TASK_DIGITS + ") and task:add (optional :P modulus, default " + ADD_MODULUS + ")");
    }

    private static Split text(String file, double testFraction, Integer context) {
        if (file.isBlank()) throw new IllegalArgumentException("--data text:FILE needs a file name after 'text:'");
        if (testFraction == 0) {
            throw new IllegalArgumentException("--data text:" + file + " needs a validation part: --test-fraction must be in (0, 1), "
                + "the share at the end of the text");
        }
        return CharText.read(Path.of(file), context != null ? context : TEXT_CONTEXT, testFraction).split();
    }

    /** The integer after "prefix:", or {@code fallback} without one; at least {@code min}. */
    private static int count(String name, String prefix, int fallback, String what, int min) {
        if (name.equals(prefix)) return fallback;
        String v = name.substring(prefix.length() + 1);
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--data " + name + ": the " + what + " after '" + prefix + ":' must be an integer, not '" + v + "'");
        }
        if (n < min) throw new IllegalArgumentException("--data " + name + ": the " + what + " after '" + prefix + ":' must be >= " + min + " but was " + n);
        return n;
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
