package org.residuallab.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer maps a batch (B, in) to (B, out) in {@link #forward} and sends the gradient back in
 * {@link #backward}, accumulating into its parameters' gradients. Subclasses write {@code doForward}
 * and {@code doBackward} side by side; this class checks shapes and calls hooks.
 *
 * <p>Arrays a layer returns are its own buffers, reused on the next call: {@code dup()} what you keep.
 */
public abstract class Layer {
    private final String baseName;
    private String name;
    private String path;
    private int index = -1;
    private boolean training = true;
    private List<Hook> hooks; // null while none is attached: no cost
    private INDArray lastOutput;
    private INDArray lastDX;
    private long[] lastOutputShape;

    protected Layer(String name) {
        this.baseName = name;
        this.name = name;
        this.path = name;
    }

    /** Forward: x (B, in) -> out (B, out). */
    public final INDArray forward(INDArray x) {
        checkInput(x);
        INDArray out = doForward(x);
        lastOutput = out;
        lastOutputShape = out.shape();
        if (hooks != null) for (Hook h : hooks) h.onForward(this, x, out);
        return out;
    }

    /** Backward: dOut (B, out) -> dX (B, in); adds into each parameter's grad. */
    public final INDArray backward(INDArray dOut) {
        if (lastOutputShape == null) {
            throw new IllegalStateException(describe() + ": backward called before forward");
        }
        if (!java.util.Arrays.equals(dOut.shape(), lastOutputShape)) {
            throw new ShapeMismatchException(describe() + ": backward expected dOut of shape "
                    + Shapes.str(lastOutputShape) + " (its last output) but got " + Shapes.str(dOut.shape()));
        }
        INDArray dX = doBackward(dOut);
        lastDX = dX;
        if (hooks != null) for (Hook h : hooks) h.onBackward(this, dOut, dX);
        return dX;
    }

    protected abstract INDArray doForward(INDArray x);

    protected abstract INDArray doBackward(INDArray dOut);

    /** The width this layer outputs for an input of width {@code in}; throws if it cannot take that width. */
    public abstract int outputWidth(int in);

    /** The input width this layer requires, or -1 if it takes any. */
    public int inputWidth() {
        return -1;
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

    /** The last output of forward (its buffer), or null. */
    public INDArray lastOutput() {
        return lastOutput;
    }

    /** The last input gradient of backward (its buffer), or null. */
    public INDArray lastInputGradient() {
        return lastDX;
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

    private void checkInput(INDArray x) {
        if (x == null) throw new IllegalArgumentException(describe() + ": input is null");
        if (x.rank() != 2) {
            throw new ShapeMismatchException(describe() + ": expected a batch of shape (B, features) but got "
                    + Shapes.str(x.shape()));
        }
        int in = inputWidth();
        if (in >= 0 && x.columns() != in) {
            Layer owner = widthOwner();
            throw new ShapeMismatchException(owner.describe() + owner.position() + " expected input of shape (B, " + in
                    + ") but got " + Shapes.str(x.shape()));
        }
    }

    /** The leaf that fixes this layer's input width (a container's first Dense or BatchNorm), for messages. */
    private Layer widthOwner() {
        for (Layer c : children()) if (c.inputWidth() >= 0) return c.widthOwner();
        return this;
    }

    @Override
    public String toString() {
        return describe();
    }
}
