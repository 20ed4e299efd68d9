package org.residuallab.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.fast.Blas;

/**
 * A named parameter: its value and the gradient that backward passes accumulate into it.
 * Non-trainable parameters (BatchNorm's running statistics) have no gradient and are left alone by optimisers.
 */
public final class Param {
    private final String name;
    private final boolean trainable;
    private INDArray value;
    private INDArray grad;
    private String path;

    public Param(String name, INDArray value, boolean trainable) {
        this.name = name;
        this.trainable = trainable;
        this.value = value;
        this.grad = trainable ? Nd4j.zeros(value.dataType(), value.shape()) : null;
        this.path = name;
    }

    public String name() { return name; }

    /** The parameter's full name in its model, e.g. {@code block3/body/dense1/W}. */
    public String path() { return path; }

    void setPath(String path) { this.path = path; }

    public boolean trainable() { return trainable; }

    public INDArray value() { return value; }

    /** The accumulated gradient dL/dvalue, or null for a non-trainable parameter. */
    public INDArray grad() {
        return grad;
    }

    public long size() { return value.length(); }

    /** grad = 0: backward passes add into it, so each step starts here. */
    public void zeroGrad() {
        if (grad != null) Blas.zero(grad);
    }

    /** Replaces the value in place (shape and type must match). */
    public void set(INDArray newValue) {
        if (!java.util.Arrays.equals(newValue.shape(), value.shape())) {
            throw new IllegalArgumentException("parameter " + path + ": expected shape "
                    + Shapes.str(value.shape()) + " but got " + Shapes.str(newValue.shape()));
        }
        value.assign(newValue.castTo(value.dataType()));
    }

    void castTo(DataType type) {
        if (value.dataType() == type) return;
        value = value.castTo(type);
        if (grad != null) grad = grad.castTo(type);
    }

    @Override
    public String toString() {
        return path + Shapes.str(value.shape());
    }
}
