package org.residuallab.nn;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.fast.Blas;
import org.nd4j.linalg.factory.Nd4j;

/** SGD: v = μ·v + g + wd·w; w −= lr·v (plain SGD when μ = 0). */
public final class Sgd implements Optimizer {
    private final Schedule schedule;
    private final double momentum, weightDecay;
    private final Map<Param, INDArray> velocity = new IdentityHashMap<>();
    private long steps;

    public Sgd(Schedule schedule, double momentum, double weightDecay) {
        Shapes.require(momentum >= 0 && momentum < 1, "momentum", momentum, "in [0, 1)");
        Shapes.require(weightDecay >= 0, "weightDecay", weightDecay, ">= 0");
        this.schedule = schedule;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step(List<Param> params) {
        double lr = schedule.at(steps++);
        for (Param p : params) {
            if (!p.trainable()) continue;
            INDArray w = p.value(), g = p.grad();
            if (momentum == 0 && weightDecay == 0) {
                Blas.axpy(-lr, g, w); // w −= lr·g
                continue;
            }
            INDArray v = velocity.computeIfAbsent(p, k -> Nd4j.zeros(w.dataType(), w.shape()));
            Blas.scal(momentum, v);                    // v = μ·v
            Blas.axpy(1.0, g, v);                      //   + g
            if (weightDecay != 0) Blas.axpy(weightDecay, w, v); // + wd·w
            Blas.axpy(-lr, v, w);                      // w −= lr·v
        }
    }

    @Override
    public double learningRate() {
        return schedule.at(steps);
    }
}
