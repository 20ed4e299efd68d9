package org.residuallab.nn;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Small helpers to print and check shapes in error messages. */
public final class Shapes {
    private Shapes() {}

    /** "(64, 128)". */
    public static String str(long... shape) {
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    /** An example shape as a batch: (128) becomes "(B, 128)". */
    public static String batch(long... example) {
        return example.length == 0 ? "(B)" : "(B, " + str(example).substring(1);
    }

    /** The example shape of a batch: (64, 3, 8, 8) gives (3, 8, 8). */
    public static long[] example(long[] batchShape) {
        return Arrays.copyOfRange(batchShape, 1, batchShape.length);
    }

    /** True when {@code batchShape} without its first axis equals {@code example} (false for a null example). */
    static boolean sameExample(long[] batchShape, long[] example) {
        if (example == null || batchShape.length != example.length + 1) return false;
        for (int i = 0; i < example.length; i++) if (batchShape[i + 1] != example[i]) return false;
        return true;
    }

    /** The number of values in one example of this shape. */
    public static long size(long[] example) {
        long n = 1;
        for (long d : example) n *= d;
        return n;
    }

    public static void require(boolean condition, String argument, Object value, String rule) {
        if (!condition) {
            throw new IllegalArgumentException(argument + " must be " + rule + " but was " + value);
        }
    }
}
