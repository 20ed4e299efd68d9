package org.residuallab.nn;

/** A learning rate by step: constant, step decay or cosine. */
@FunctionalInterface
public interface Schedule {
    double at(long step);

    static Schedule constant(double lr) {
        checkLr(lr);
        return step -> lr;
    }

    /** lr · gamma^(step / every). */
    static Schedule step(double lr, long every, double gamma) {
        checkLr(lr);
        Shapes.require(every >= 1, "every (steps between decays)", every, ">= 1");
        Shapes.require(gamma > 0 && gamma <= 1, "gamma", gamma, "in (0, 1]");
        return step -> lr * Math.pow(gamma, step / every);
    }

    /** From lr down to minLr over totalSteps by half a cosine, then minLr. */
    static Schedule cosine(double lr, long totalSteps, double minLr) {
        checkLr(lr);
        checkLr(minLr);
        Shapes.require(totalSteps >= 1, "totalSteps", totalSteps, ">= 1");
        return step -> step >= totalSteps ? minLr
                : minLr + 0.5 * (lr - minLr) * (1 + Math.cos(Math.PI * step / totalSteps));
    }

    private static void checkLr(double lr) {
        Shapes.require(lr >= 0 && Double.isFinite(lr), "learning rate", lr, ">= 0 and finite");
    }
}
