package org.residuallab.nn;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Small helpers to print and check shapes in error messages. */
public final class Shapes {
    private Shapes() {}

    public static String str(long... shape) {
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    public static void require(boolean condition, String argument, Object value, String rule) {
        if (!condition) {
            throw new IllegalArgumentException(argument + " must be " + rule + " but was " + value);
        }
    }
}
