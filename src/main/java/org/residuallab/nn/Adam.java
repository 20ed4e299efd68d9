package org.residuallab.nn;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.fast.Updates;

/** Adam (Kingma & Ba 2015) with optional decoupled weight decay (AdamW when wd > 0). */
public final class Adam implements Optimizer {
    private final Schedule schedule;
    private final double beta1, beta2, eps, weightDecay;
    private final Map<Param, INDArray[]> moments = new IdentityHashMap<>();
    private long steps;

    public Adam(Schedule schedule, double beta1, double beta2, double eps, double weightDecay) {
        Shapes.require(beta1 >= 0 && beta1 < 1, "beta1", beta1, "in [0, 1)");
        Shapes.require(beta2 >= 0 && beta2 < 1, "beta2", beta2, "in [0, 1)");
        Shapes.require(eps > 0, "eps", eps, "> 0");
        Shapes.require(weightDecay >= 0, "weightDecay", weightDecay, ">= 0");
        this.schedule = schedule;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step(List<Param> params) {
        double lr = schedule.at(steps++);
        double c1 = 1 - Math.pow(beta1, steps), c2 = 1 - Math.pow(beta2, steps);
        for (Param p : params) {
            if (!p.trainable()) continue;
            INDArray w = p.value(), g = p.grad();
            INDArray[] mv = moments.computeIfAbsent(p, k -> new INDArray[] {
                    Nd4j.zeros(w.dataType(), w.shape()), Nd4j.zeros(w.dataType(), w.shape())});
            // m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²; w = w·(1 − lr·wd) − lr·m̂/(√v̂ + ε)
            Updates.adam(w, g, mv[0], mv[1], lr, beta1, beta2, c1, c2, eps, weightDecay);
        }
    }

    @Override
    public double learningRate() {
        return schedule.at(steps);
    }
}
