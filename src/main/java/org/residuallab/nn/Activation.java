package org.residuallab.nn;

import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;

/** An element-wise function; keeps what its backward needs (its input or its output). Any shape. */
public abstract class Activation extends Layer {
    protected INDArray x, y, dX;

    protected Activation(String name) {
        super(name);
    }

    /** Builds an activation by name: relu, leaky-relu, tanh, sigmoid, gelu, identity (or linear). */
    public static Activation parse(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "relu": return new ReLU();
            case "leaky-relu": case "leakyrelu": case "lrelu": return new LeakyReLU(0.01);
            case "tanh": return new Tanh();
            case "sigmoid": return new Sigmoid();
            case "gelu": return new GELU();
            case "identity": case "linear": case "none": return new Identity();
            default: throw new IllegalArgumentException("unknown activation '" + name
                    + "': expected relu, leaky-relu, tanh, sigmoid, gelu or identity");
        }
    }
}
