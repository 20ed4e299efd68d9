package org.residuallab.nn;

/**
 * A learning rate by step: constant, step decay or cosine, each optionally after a linear warm-up.
 * <pre>Schedule s = Schedule.constant(1e-2).withWarmup(100);   // 1e-4, 2e-4, ... 1e-2 at step 99, then 1e-2</pre>
 */
@FunctionalInterface
public interface Schedule {
    double at(long step);

    /**
     * This schedule after a linear warm-up over the first {@code steps} steps: step s &lt; steps gets
     * (s + 1)/steps of this schedule's rate, later steps the rate itself (Vaswani et al. 2017 warm up post-LN
     * transformers; Xiong et al. 2020 show why post-LN needs it and pre-LN does not). 0 steps: no warm-up.
     */
    default Schedule withWarmup(long steps) {
        Shapes.require(steps >= 0, "warm-up steps", steps, ">= 0");
        if (steps == 0) return this;
        return step -> step < steps ? at(step) * (step + 1) / steps : at(step);
    }

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
