package org.residuallab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.fast.Blas;
import org.residuallab.nn.fast.Buffers;
import org.residuallab.nn.fast.Kernels;

/** L = mean over all B·K entries of (y − t)²; dY = 2(y − t)/(B·K). As Keras's "mse" for a batch. */
public final class MeanSquaredError implements Loss {
    private INDArray diff, dY; // diff = y − t, saved for backward; dY reused

    // y (B, K), t (B, K) -> mean loss
    @Override
    public double forward(INDArray y, INDArray target) {
        Loss.checkShapes(name(), y, target);
        diff = Buffers.like(diff, y);
        Kernels.add(diff, 1.0, y, -1.0, target.castTo(y.dataType())); // y − t
        return Blas.dot(diff, diff) / diff.length();                  // mean (y − t)²
    }

    // -> dY (B, K)
    @Override
    public INDArray backward() {
        dY = Buffers.like(dY, diff);
        Kernels.scale(dY, 2.0 / diff.length(), diff); // 2(y − t)/(B·K)
        return dY;
    }

    @Override
    public String name() {
        return "mse";
    }
}
