package org.residuallab.nn;

/** Thrown when an array reaching a layer does not have the shape the layer expects; names both. */
public class ShapeMismatchException extends IllegalArgumentException {
    public ShapeMismatchException(String message) {
        super(message);
    }
}
