package org.residuallab.nn;

import java.util.Random;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.fast.Blas;

/**
 * A named parameter: its value and the gradient that backward passes accumulate into it.
 * Non-trainable parameters (BatchNorm's running statistics) have no gradient and are left alone by optimisers.
 * The gradient is allocated when first asked for, so a model that only predicts holds none.
 *
 * <p>Inside {@link #shapesOnly} parameters get a shape but no values (PyTorch's "meta" tensors): enough for
 * a summary of a model too big to allocate here, such as GPT-2 or ResNet-152.
 */
public final class Param {
    private static final ThreadLocal<Boolean> SHAPES_ONLY = ThreadLocal.withInitial(() -> false);

    private final String name;
    private final boolean trainable;
    private final long[] shape;
    private INDArray value; // null for a shapes-only parameter
    private INDArray grad;  // allocated on first use
    private String path;

    public Param(String name, INDArray value, boolean trainable) {
        if (value == null) throw new IllegalArgumentException("parameter '" + name + "': the value must not be null");
        this.name = name;
        this.trainable = trainable;
        this.value = value;
        this.shape = value.shape().clone();
        this.path = name;
    }

    private Param(String name, long[] shape, boolean trainable) {
        this.name = name;
        this.trainable = trainable;
        this.shape = shape.clone();
        this.path = name;
    }

    /** A float32 parameter of this shape filled with {@code fill}; shape only inside {@link #shapesOnly}. */
    public static Param of(String name, boolean trainable, double fill, long... shape) {
        if (SHAPES_ONLY.get()) return new Param(name, shape, trainable);
        String what = "parameter '" + name + "' " + Shapes.str(shape);
        String change = "Make the layer that owns it smaller (its width, channels or vocabulary)";
        MemoryGuard.require(MemoryGuard.Where.NATIVE, what, 4 * MemoryEstimate.size(shape), "float32 values", change);
        INDArray v;
        try {
            v = fill == 0 ? Nd4j.zeros(DataType.FLOAT, shape) : Nd4j.valueArrayOf(shape, fill, DataType.FLOAT);
        } catch (RuntimeException | OutOfMemoryError e) {
            MemoryLimitException m = MemoryGuard.translate(e, what, change);
            if (m != null) throw m;
            throw e;
        }
        return new Param(name, v, trainable);
    }

    /** True while {@link #shapesOnly} builds on this thread. */
    public static boolean buildingShapesOnly() {
        return SHAPES_ONLY.get();
    }

    /**
     * Builds layers or models whose parameters have shapes but no values: their summaries and parameter
     * counts are right, but they cannot run.
     * <pre>Summary s = Param.shapesOnly(() -&gt; Models.gpt2Small()).summary();</pre>
     */
    public static <T> T shapesOnly(Supplier<T> build) {
        boolean was = SHAPES_ONLY.get();
        SHAPES_ONLY.set(true);
        try {
            return build.get();
        } finally {
            SHAPES_ONLY.set(was);
        }
    }

    public String name() { return name; }

    /** The parameter's full name in its model, e.g. {@code block3/body/dense1/W}. */
    public String path() { return path; }

    void setPath(String path) { this.path = path; }

    public boolean trainable() { return trainable; }

    /** True when this parameter has a shape but no values (built inside {@link #shapesOnly}). */
    public boolean shapeOnly() { return value == null; }

    public long[] shape() { return shape.clone(); }

    public INDArray value() {
        if (value == null) {
            throw new IllegalStateException("parameter '" + path + "' " + Shapes.str(shape) + " has a shape but no values: "
                    + "its model was built for its summary only (Param.shapesOnly); build a smaller one to run it");
        }
        return value;
    }

    /** The accumulated gradient dL/dvalue, or null for a non-trainable parameter. */
    public INDArray grad() {
        if (grad == null && trainable) grad = Nd4j.zeros(value().dataType(), shape);
        return grad;
    }

    public long size() { return Shapes.size(shape); }

    /** grad = 0: backward passes add into it, so each step starts here. */
    public void zeroGrad() {
        if (grad != null) Blas.zero(grad);
    }

    /** value = c everywhere (nothing for a shapes-only parameter). */
    public void fill(double c) {
        if (value != null) value.assign(c);
    }

    /** value drawn from {@code init} in row-major order (nothing for a shapes-only parameter). */
    public void fill(Init init, Random rng) {
        if (value != null) init.fill(value, rng);
    }

    /** Replaces the value in place (shape and type must match). */
    public void set(INDArray newValue) {
        if (!java.util.Arrays.equals(newValue.shape(), shape)) {
            throw new IllegalArgumentException("parameter " + path + ": expected shape "
                    + Shapes.str(shape) + " but got " + Shapes.str(newValue.shape()));
        }
        value().assign(newValue.castTo(value.dataType()));
    }

    void castTo(DataType type) {
        if (value == null || value.dataType() == type) return;
        value = value.castTo(type);
        if (grad != null) grad = grad.castTo(type);
    }

    @Override
    public String toString() {
        return path + Shapes.str(shape);
    }
}
