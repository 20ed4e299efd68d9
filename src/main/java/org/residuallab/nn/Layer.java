package org.residuallab.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer maps a batch x (B, ...) to y (B, ...) in {@link #forward} and sends the gradient back in
 * {@link #backward}, adding into its parameters' gradients. Subclasses write {@code doForward} and
 * {@code doBackward} side by side; this class checks shapes and calls hooks.
 *
 * <p>Shapes are those of one example, without the batch axis: (F) features for an MLP, (C, H, W) for
 * images, (T, C) for sequences. {@link #outputShape} says what comes out for what goes in.
 *
 * <p>{@code forward} and {@code backward} return new arrays, yours to keep. Inside a model, layers hand
 * each other their own buffers instead ({@link #passForward}), so a training step allocates nothing.
 */
public abstract class Layer {
    private final String baseName;
    private String name;
    private String path;
    private int index = -1;
    private boolean training = true;
    private List<Hook> hooks; // null while none is attached: no cost
    INDArray lastOut, lastDX; // this layer's buffers from the last passes (read by its container and the model)
    private long[] checkedIn;  // the last input example shape found acceptable

    protected Layer(String name) {
        this.baseName = name;
        this.name = name;
        this.path = name;
    }

    /** x (B, ...in) -> y (B, ...out), a new array. */
    public final INDArray forward(INDArray x) {
        return passForward(x).dup();
    }

    /** dOut (B, ...out) -> dX (B, ...in), a new array; adds into each parameter's grad. */
    public final INDArray backward(INDArray dOut) {
        INDArray dX = passBackward(dOut);
        return dX == null ? null : dX.dup();
    }

    /** The forward pass as a container runs it: returns this layer's own buffer, overwritten by its next pass. */
    final INDArray passForward(INDArray x) {
        checkInput(x);
        INDArray out = doForward(x);
        lastOut = out;
        if (hooks != null) for (Hook h : hooks) h.onForward(this, x, out);
        return out;
    }

    /** The backward pass as a container runs it: returns this layer's own buffer. */
    final INDArray passBackward(INDArray dOut) {
        if (lastOut == null) throw new IllegalStateException(describe() + ": backward called before forward");
        if (!Arrays.equals(dOut.shape(), lastOut.shape())) {
            throw new ShapeMismatchException(describe() + ": backward expected dOut of shape "
                    + Shapes.str(lastOut.shape()) + " (its last output) but got " + Shapes.str(dOut.shape()));
        }
        INDArray dX = doBackward(dOut);
        lastDX = dX;
        if (hooks != null) for (Hook h : hooks) h.onBackward(this, dOut, dX);
        return dX;
    }

    protected abstract INDArray doForward(INDArray x);

    protected abstract INDArray doBackward(INDArray dOut);

    /**
     * The example shape this layer outputs for an input example of shape {@code in}; throws a
     * {@link ShapeMismatchException} (see {@link #wrongInput}) if it cannot take it. Default: the same
     * shape, or for a layer that overrides {@link #outputWidth} (written for (B, F) batches) what that says.
     */
    public long[] outputShape(long[] in) {
        if (in.length == 1 && overrides("outputWidth", int.class)) return new long[] {outputWidth(Math.toIntExact(in[0]))};
        return in;
    }

    /** The example shape this layer is built for (e.g. (128) for Dense(128, 64)), or null if it takes several. */
    public long[] inputShape() {
        if (overrides("inputWidth")) {
            int w = inputWidth();
            return w < 0 ? null : new long[] {w};
        }
        return null;
    }

    /** The input width of a layer built for (B, F) batches, or -1. Override this or {@link #inputShape}. */
    public int inputWidth() {
        long[] s = inputShape();
        return s != null && s.length == 1 ? Math.toIntExact(s[0]) : -1;
    }

    /** The width this layer outputs for (B, in) batches; throws if it cannot take them. Override this or {@link #outputShape}. */
    public int outputWidth(int in) {
        long[] s = outputShape(new long[] {in});
        if (s.length != 1) throw new ShapeMismatchException(describe() + " outputs examples of shape " + Shapes.str(s) + ", not a width");
        return Math.toIntExact(s[0]);
    }

    // layers written for (B, F) batches override outputWidth and inputWidth instead of the shapes: asked once per method
    private java.util.Map<String, Boolean> overridden;

    private boolean overrides(String method, Class<?>... params) {
        if (overridden == null) overridden = new java.util.HashMap<>();
        return overridden.computeIfAbsent(method, m -> {
            try {
                return getClass().getMethod(m, params).getDeclaringClass() != Layer.class;
            } catch (NoSuchMethodException e) {
                return false;
            }
        });
    }

    /** For {@link #outputShape}: "Dense 'block1/body/dense1' (layer 0 of 'block1/body') expected input of shape (B, 8) but got (B, 7)". */
    protected final ShapeMismatchException wrongInput(String expected, long[] in) {
        return new ShapeMismatchException(describe() + position() + " expected input of shape " + expected
                + " but got " + Shapes.batch(in));
    }

    /** This layer's own parameters (not its children's). */
    protected List<Param> ownParams() {
        return List.of();
    }

    /** Direct children of a container layer; empty for a leaf. */
    public List<Layer> children() {
        return List.of();
    }

    /** All parameters, own first then children's, in forward order. */
    public final List<Param> params() {
        List<Param> all = new ArrayList<>(ownParams());
        for (Layer c : children()) all.addAll(c.params());
        return all;
    }

    /** Re-initialises own parameters from {@code rng}; containers pass it on to children in order. */
    public void init(Random rng) {
        for (Layer c : children()) c.init(rng);
    }

    /** Training mode (batch statistics, dropout on) or evaluation mode. */
    public void setTraining(boolean training) {
        this.training = training;
        for (Layer c : children()) c.setTraining(training);
    }

    public boolean isTraining() {
        return training;
    }

    /** Casts parameters to {@code type} (FLOAT or DOUBLE); buffers follow the input's type. */
    public void castTo(DataType type) {
        for (Param p : ownParams()) p.castTo(type);
        for (Layer c : children()) c.castTo(type);
    }

    /** Attaches a hook; closing the handle detaches it. */
    public HookHandle addHook(Hook hook) {
        if (hook == null) throw new IllegalArgumentException(describe() + ": the hook must not be null");
        if (hooks == null) hooks = new CopyOnWriteArrayList<>();
        hooks.add(hook);
        return new HookHandle(() -> {
            if (hooks != null) {
                hooks.remove(hook);
                if (hooks.isEmpty()) hooks = null;
            }
        });
    }

    public boolean hasHooks() {
        return hooks != null;
    }

    /** Short kind for summaries, e.g. "Dense". */
    public String kind() {
        return getClass().getSimpleName();
    }

    public String name() {
        return name;
    }

    /** Whether a container numbers this layer's name ("dense" becomes "dense2"); a named part ("head") keeps it. */
    public boolean numbered() {
        return true;
    }

    /** The name a container numbers when it adds this layer: "dense" becomes "dense2". */
    public String baseName() {
        return baseName;
    }

    /** Path in the model, e.g. {@code block3/dense1}. */
    public String path() {
        return path;
    }

    /** Position among its parent's children (0-based), or -1 at the top. */
    public int index() {
        return index;
    }

    /** Renames the layer and re-paths its subtree; containers call this when a layer is added. */
    public void place(String parentPath, String name, int index) {
        this.name = name;
        this.index = index;
        this.path = parentPath == null || parentPath.isEmpty() ? name : parentPath + "/" + name;
        for (Param p : ownParams()) p.setPath(path + "/" + p.name());
        List<Layer> cs = children();
        for (int i = 0; i < cs.size(); i++) cs.get(i).place(path, cs.get(i).name(), i);
    }

    /** A copy of the last output of forward, or null. */
    public INDArray lastOutput() {
        return lastOut == null ? null : lastOut.dup();
    }

    /** A copy of the last input gradient of backward, or null. */
    public INDArray lastInputGradient() {
        return lastDX == null ? null : lastDX.dup();
    }

    /** "Dense 'block3/dense1'" for messages. */
    public String describe() {
        return kind() + " '" + path + "'";
    }

    /** " (layer 2 of 'block3/body')" or "" at the top. */
    private String position() {
        int slash = path.lastIndexOf('/');
        return index < 0 ? "" : " (layer " + index + " of '" + (slash < 0 ? "model" : path.substring(0, slash)) + "')";
    }

    // a leaf checks its own input (a container's children check theirs), once per new example shape
    private void checkInput(INDArray x) {
        if (x == null) throw new IllegalArgumentException(describe() + ": input is null");
        if (x.rank() < 2) {
            throw new ShapeMismatchException(describe() + ": expected a batch (B, ...) but got " + Shapes.str(x.shape()));
        }
        if (!children().isEmpty() || Shapes.sameExample(x.shape(), checkedIn)) return;
        long[] in = Arrays.copyOfRange(x.shape(), 1, x.rank());
        try {
            outputShape(in);
        } catch (ShapeMismatchException e) {
            throw new ShapeMismatchException(e.getMessage() + "; the batch has shape " + Shapes.str(x.shape()));
        }
        checkedIn = in;
    }

    @Override
    public String toString() {
        return describe();
    }
}
