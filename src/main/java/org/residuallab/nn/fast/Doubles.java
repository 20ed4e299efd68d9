package org.residuallab.nn.fast;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-thread scratch arrays of doubles for the kernels that compute in double precision whatever the
 * array's type (normalisation, the optimiser, the less common activations): load, compute, store.
 */
final class Doubles {
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[6][0]);

    private Doubles() {}

    /** x's elements in row-major order in this thread's scratch array {@code slot} (valid until that slot is loaded again). */
    static double[] load(INDArray x, int slot) {
        return Kernels.toDoubles(x, scratch(slot, (int) x.length()));
    }

    /** This thread's scratch array {@code slot}, at least n long (its values are not set). */
    static double[] scratch(int slot, int n) {
        double[][] all = SCRATCH.get();
        if (all[slot].length < n) all[slot] = new double[n];
        return all[slot];
    }
}
