package org.residuallab.nn;

/** Training produced NaN or ±Inf; the message names the step and the first layer where it appeared. */
public class NonFiniteException extends ArithmeticException {
    private final long step;
    private final String layerPath;

    public NonFiniteException(long step, String layerPath, String message) {
        super(message);
        this.step = step;
        this.layerPath = layerPath;
    }

    public long step() {
        return step;
    }

    /** Path of the first layer whose output or gradient was non-finite, or null if none was found. */
    public String layerPath() {
        return layerPath;
    }
}
