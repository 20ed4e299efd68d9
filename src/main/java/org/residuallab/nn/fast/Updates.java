package org.residuallab.nn.fast;

import org.nd4j.linalg.api.ndarray.INDArray;

/** The optimisers' element-wise updates that BLAS has no call for, in double precision whatever the arrays' type. */
public final class Updates {
    private Updates() {}

    /**
     * One Adam step on w with gradient g and moments m, v (all one shape): m = β1·m + (1 − β1)·g,
     * v = β2·v + (1 − β2)·g², w = w·(1 − lr·wd) − lr·(m/c1)/(√(v/c2) + ε), with c1, c2 the bias corrections.
     */
    public static void adam(INDArray w, INDArray g, INDArray m, INDArray v, double lr, double beta1, double beta2,
                            double c1, double c2, double eps, double weightDecay) {
        double[] W = Doubles.load(w, 0), G = Doubles.load(g, 1), M = Doubles.load(m, 2), V = Doubles.load(v, 3);
        for (int i = 0, n = (int) w.length(); i < n; i++) {
            M[i] = beta1 * M[i] + (1 - beta1) * G[i];
            V[i] = beta2 * V[i] + (1 - beta2) * G[i] * G[i];
            double update = (M[i] / c1) / (Math.sqrt(V[i] / c2) + eps);
            W[i] = W[i] * (1 - lr * weightDecay) - lr * update;
        }
        Kernels.fromDoubles(M, m);
        Kernels.fromDoubles(V, v);
        Kernels.fromDoubles(W, w);
    }
}
