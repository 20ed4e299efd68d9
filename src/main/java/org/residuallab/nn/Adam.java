package org.residuallab.nn;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

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
            mv[0].muli(beta1).addi(g.mul(1 - beta1));
            mv[1].muli(beta2).addi(g.mul(g).muli(1 - beta2));
            INDArray update = mv[0].div(c1).divi(Transforms.sqrt(mv[1].div(c2), false).addi(eps));
            if (weightDecay != 0) w.muli(1 - lr * weightDecay);
            w.subi(update.muli(lr));
        }
    }

    @Override
    public double learningRate() {
        return schedule.at(steps);
    }
}
