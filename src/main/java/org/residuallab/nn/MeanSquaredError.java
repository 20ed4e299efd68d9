package org.residuallab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** L = mean over all B·K entries of (y − t)²; dY = 2(y − t)/(B·K). As Keras's "mse" for a batch. */
public final class MeanSquaredError implements Loss {
    private INDArray diff; // saved for backward: y − t

    // y (B, K), t (B, K) -> mean loss
    @Override
    public double forward(INDArray y, INDArray target) {
        Loss.checkShapes(name(), y, target);
        diff = y.sub(target.castTo(y.dataType()));
        return diff.mul(diff).meanNumber().doubleValue();
    }

    // -> dY (B, K)
    @Override
    public INDArray backward() {
        return diff.mul(2.0 / diff.length());
    }

    @Override
    public String name() {
        return "mse";
    }
}
