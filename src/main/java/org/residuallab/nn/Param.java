package org.residuallab.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A named parameter: its value and the gradient that backward passes accumulate into it.
 * Non-trainable parameters (BatchNorm's running statistics) have no gradient and are left alone by optimisers.
 */
public final class Param {
    private final String name;
    private final boolean trainable;
    private INDArray value;
    private INDArray grad;
    private boolean gradDueZero; // zeroGrad() ran and nothing was added since: the zeros are not written yet
    private String path;

    public Param(String name, INDArray value, boolean trainable) {
        this.name = name;
        this.trainable = trainable;
        this.value = value;
        this.grad = trainable ? Nd4j.zeros(value.dataType(), value.shape()) : null;
        this.path = name;
    }

    public String name() { return name; }

    /** The parameter's full name in its model, e.g. {@code block3.dense1.W}. */
    public String path() { return path; }

    void setPath(String path) { this.path = path; }

    public boolean trainable() { return trainable; }

    public INDArray value() { return value; }

    /** The accumulated gradient dL/dvalue, or null for a non-trainable parameter. */
    public INDArray grad() {
        if (gradDueZero) {
            Blas.zero(grad);
            gradDueZero = false;
        }
        return grad;
    }

    /**
     * grad += op(a)·op(b), for a layer's weight gradient. Right after {@link #zeroGrad()} the product
     * overwrites grad instead: the same result without writing zeros first and reading them back.
     */
    void addProductToGrad(INDArray a, boolean transA, INDArray b, boolean transB) {
        Blas.gemm(a, b, grad, transA, transB, 1.0, gradDueZero ? 0.0 : 1.0);
        gradDueZero = false;
    }

    public long size() { return value.length(); }

    public void zeroGrad() {
        if (grad != null) gradDueZero = true; // written when grad() is next read, or overwritten by addProductToGrad
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
