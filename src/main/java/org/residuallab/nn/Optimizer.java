package org.residuallab.nn;

import java.util.List;

/** Updates trainable parameters from their gradients; {@link #step} advances the schedule. */
public interface Optimizer {
    void step(List<Param> params);

    /** The learning rate the next step will use. */
    double learningRate();

    static Optimizer sgd(double lr) {
        return new Sgd(Schedule.constant(lr), 0, 0);
    }

    static Optimizer adam(double lr) {
        return new Adam(Schedule.constant(lr), 0.9, 0.999, 1e-8, 0);
    }

    static Optimizer parse(String name, double lr) {
        switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "sgd": return sgd(lr);
            case "momentum": return new Sgd(Schedule.constant(lr), 0.9, 0);
            case "adam": return adam(lr);
            default: throw new IllegalArgumentException("unknown optimizer '" + name + "': expected sgd, momentum or adam");
        }
    }
}
