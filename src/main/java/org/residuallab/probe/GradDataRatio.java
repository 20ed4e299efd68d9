package org.residuallab.probe;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Model;
import org.residuallab.nn.Param;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The grad:data ratio of Karpathy's makemore part 3: std(dL/dW) / std(W) for every weight matrix (a Dense
 * W, or a convolution's filter bank W (O, C, k, k)), how
 * large a gradient step is next to the weights it changes (with plain SGD the update:data ratio is the
 * learning rate times this). As a probe it records metric {@value #METRIC} on the weight's path
 * ({@code block3/body/dense1/W}) at each recorded step; {@link #of(Model)} reads it off a model right
 * after a backward pass.
 * <pre>try (ProbeSession s = Probes.all().with(new GradDataRatio()).attach(model)) { ... }</pre>
 */
public final class GradDataRatio implements Probe {
    /** The metric name in a probe table. */
    public static final String METRIC = "grad_data_ratio";

    /** A unit's parameter gradients are complete when its backward returns. */
    @Override
    public void onBackward(ProbeContext at, INDArray dOut, INDArray dX) {
        for (Param p : at.unit().trainableParams()) if (isWeightMatrix(p)) at.record(p.path(), METRIC, ratio(p));
    }

    /** std(grad) / std(value) of one parameter; NaN when the weights are constant (std 0). */
    public static double ratio(Param p) {
        if (p == null || !p.trainable()) throw new IllegalArgumentException("grad:data ratio needs a trainable parameter, got " + p);
        double data = std(p.value());
        return data > 0 ? std(p.grad()) / data : Double.NaN;
    }

    /**
     * One row per weight matrix of {@code model}, input side first, from the gradients its last backward
     * pass left: {@code param, shape, grad_mean, grad_std, data_std, grad_data_ratio} (Karpathy's printout).
     */
    public static Table of(Model model) {
        StringColumn name = StringColumn.create("param"), shape = StringColumn.create("shape");
        DoubleColumn mean = DoubleColumn.create("grad_mean"), gstd = DoubleColumn.create("grad_std"),
                dstd = DoubleColumn.create("data_std"), ratio = DoubleColumn.create(METRIC);
        for (Param p : model.params()) {
            if (!p.trainable() || !isWeightMatrix(p)) continue;
            name.append(p.path());
            shape.append(java.util.Arrays.toString(p.value().shape()));
            mean.append(p.grad().meanNumber().doubleValue());
            gstd.append(std(p.grad()));
            dstd.append(std(p.value()));
            ratio.append(ratio(p));
        }
        return Table.create("grad:data " + model.name(), name, shape, mean, gstd, dstd, ratio);
    }

    /**
     * A weight matrix: two dimensions with more than one row and column, or a convolution's filter bank
     * (O, C, k, k), which is the matrix (O, C·k·k) it multiplies the unfolded patches with; not a bias, γ, β
     * or a scalar α.
     */
    public static boolean isWeightMatrix(Param p) {
        long[] s = p.shape();
        if (s.length == 4) return s[0] > 1 && s[1] * s[2] * s[3] > 1;
        return s.length == 2 && s[0] > 1 && s[1] > 1;
    }

    /** Population standard deviation of all elements (0 for fewer than two). */
    public static double std(INDArray x) {
        if (x.length() < 2) return 0;
        return x.stdNumber().doubleValue() * Math.sqrt((x.length() - 1) / (double) x.length());
    }
}
