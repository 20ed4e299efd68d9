package org.residuallab.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.fast.Kernels;

/**
 * A network with its loss, precision and seed: what a trainer, a probe or a summary works on.
 * <pre>Model m = Model.of("tiny", Sequential.of(new Dense(2, 8), new Tanh(), new Dense(8, 3))).seed(42);
 * double loss = m.lossAndBackward(x, y);   // grads now hold dL/dW</pre>
 */
public final class Model {
    private final String name;
    private final Sequential net;
    private Loss loss = Loss.softmaxCrossEntropy();
    private DataType dtype = DataType.FLOAT;
    private long seed;
    private long steps;
    private final java.util.Map<String, Object> config = new java.util.LinkedHashMap<>();
    private long[] inputShape; // set for nets whose first layer does not fix it (convolutions, sequences), else null
    private long guardedBatch;  // the largest batch whose activations the memory guard has let through

    private Model(String name, Sequential net) {
        this.name = name;
        this.net = net;
        net.place("", "", -1);
        seed(0);
    }

    public static Model of(String name, Sequential net) {
        if (net == null || net.isEmpty()) throw new IllegalArgumentException("model '" + name + "' needs at least one layer");
        return new Model(name, net);
    }

    /** The shape of one input example, e.g. (1, 28, 28), for nets whose first layer does not fix it; checked against the net. */
    public Model inputShape(long... example) {
        if (example == null || example.length == 0) throw new IllegalArgumentException("model '" + name + "': the input shape needs at least one axis");
        for (long d : example) Shapes.require(d >= 1, "model '" + name + "': every axis of the input shape " + Shapes.str(example), d, ">= 1");
        net.outputShape(example);
        this.inputShape = example.clone();
        return this;
    }

    /** The shape of one input example: as set, else what the first layer fixes ((128) for a Dense(128, ...)). */
    public long[] inputShape() {
        long[] s = inputShape != null ? inputShape : net.inputShape();
        if (s == null) {
            throw new IllegalStateException("model '" + name + "': its first layer does not fix the input shape; "
                    + "set it with model.inputShape(...), e.g. inputShape(1, 28, 28)");
        }
        return s.clone();
    }

    /** The shape of one output example. */
    public long[] outputShape() {
        return net.outputShape(inputShape());
    }

    /** Re-initialises every parameter (and dropout's generators) from {@code seed}. */
    public Model seed(long seed) {
        this.seed = seed;
        net.init(new Random(seed));
        return this;
    }

    public long seed() {
        return seed;
    }

    /** FLOAT (default) or DOUBLE (gradient checks). Casts every parameter. */
    public Model dtype(DataType type) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("dtype must be FLOAT or DOUBLE but was " + type);
        }
        this.dtype = type;
        net.castTo(type);
        return this;
    }

    public DataType dtype() {
        return dtype;
    }

    public Model loss(Loss loss) {
        this.loss = loss;
        return this;
    }

    public Loss loss() {
        return loss;
    }

    /** x (B, ...in) -> output (B, ...out), a new array. */
    public INDArray forward(INDArray x) {
        guard(x);
        try {
            return net.forward(x.dataType() == dtype ? x : x.castTo(dtype));
        } catch (RuntimeException | OutOfMemoryError e) {
            throw translated(e, x);
        }
    }

    /** Output for x in evaluation mode, a new array; restores the previous mode. */
    public INDArray predict(INDArray x) {
        boolean was = net.isTraining();
        net.setTraining(false);
        try {
            return forward(x);
        } finally {
            net.setTraining(was);
        }
    }

    /** Zeroes gradients, runs forward, the loss and backward; returns the loss. Counts a step. */
    public double lossAndBackward(INDArray x, INDArray target) {
        guard(x);
        try {
            return step(x, target);
        } catch (RuntimeException | OutOfMemoryError e) {
            throw translated(e, x);
        }
    }

    private double step(INDArray x, INDArray target) {
        long step = steps++;
        zeroGrad();
        INDArray out = net.passForward(x.dataType() == dtype ? x : x.castTo(dtype));
        double l = loss.forward(out, target);
        if (!Double.isFinite(l)) throw nonFinite(step, "loss is " + l);
        INDArray dX = net.passBackward(loss.backward());
        if (!isFinite(dX)) throw nonFinite(step, "a gradient is non-finite");
        return l;
    }

    /** The loss for x without backward (no step counted). */
    public double evaluateLoss(INDArray x, INDArray target) {
        guard(x);
        try {
            return loss.forward(net.passForward(x.dataType() == dtype ? x : x.castTo(dtype)), target);
        } catch (RuntimeException | OutOfMemoryError e) {
            throw translated(e, x);
        }
    }

    // a batch larger than any before: are the layers' buffers for it within the memory limits? (MemoryGuard)
    private void guard(INDArray x) {
        if (x == null || x.rank() < 2 || x.size(0) <= guardedBatch) return;
        long[] example = Shapes.example(x.shape());
        double more = MemoryEstimate.activations(this, example, x.size(0)) - MemoryEstimate.activations(this, example, guardedBatch);
        MemoryGuard.require(MemoryGuard.Where.NATIVE, "a batch " + Shapes.str(x.shape()) + " through model '" + name + "'", more,
                "its layers' outputs and gradients", "Use a smaller batch (" + x.size(0) + " examples now)");
        guardedBatch = x.size(0);
    }

    /** The largest batch this model has been let run (0 before its first pass). */
    long guardedBatch() {
        return guardedBatch;
    }

    private RuntimeException translated(Throwable e, INDArray x) {
        MemoryLimitException m = MemoryGuard.translate(e, "a batch " + Shapes.str(x.shape()) + " through model '" + name + "'",
                "Use a smaller batch or a smaller model");
        if (m != null) return m;
        if (e instanceof RuntimeException r) return r;
        throw (Error) e;
    }

    private NonFiniteException nonFinite(long step, String what) {
        Layer first = firstNonFinite(net, true);
        String where;
        if (first != null) {
            where = "first non-finite output at " + first.describe();
        } else {
            first = firstNonFiniteGradient();
            where = first != null ? "first non-finite gradient at " + first.describe() + " (walking backward from the loss)"
                    : "no layer output or gradient was non-finite";
        }
        return new NonFiniteException(step, first == null ? null : first.path(),
                "model '" + name + "', step " + step + ": " + what + "; " + where
                        + ". Try a smaller learning rate or another initialisation.");
    }

    private static boolean isFinite(INDArray a) {
        return a == null || Kernels.allFinite(a);
    }

    private static Layer firstNonFinite(Layer l, boolean output) {
        for (Layer c : l.children()) {
            Layer f = firstNonFinite(c, output);
            if (f != null) return f;
        }
        if (l.children().isEmpty() && !isFinite(output ? l.lastOut : l.lastDX)) return l;
        return null;
    }

    private Layer firstNonFiniteGradient() {
        List<Layer> leaves = leaves();
        for (int i = leaves.size() - 1; i >= 0; i--) {
            if (!isFinite(leaves.get(i).lastDX)) return leaves.get(i);
        }
        return null;
    }

    /** Leaf layers in forward order. */
    public List<Layer> leaves() {
        List<Layer> out = new ArrayList<>();
        collectLeaves(net, out);
        return out;
    }

    private static void collectLeaves(Layer l, List<Layer> out) {
        if (l.children().isEmpty()) out.add(l);
        for (Layer c : l.children()) collectLeaves(c, out);
    }

    /** The hidden blocks (plain or residual) in forward order. */
    public List<Block> blocks() {
        List<Block> out = new ArrayList<>();
        for (Layer l : net.children()) if (l instanceof Block) out.add((Block) l);
        return out;
    }

    public void zeroGrad() {
        for (Param p : net.params()) p.zeroGrad();
    }

    public List<Param> params() {
        return net.params();
    }

    public Model train() {
        net.setTraining(true);
        return this;
    }

    public Model eval() {
        net.setTraining(false);
        return this;
    }

    public Sequential net() {
        return net;
    }

    public String name() {
        return name;
    }

    /** The input width of an MLP, or -1 when its inputs are not (B, F) batches. */
    public int inputWidth() {
        long[] s = inputShape != null ? inputShape : net.inputShape();
        return s != null && s.length == 1 ? Math.toIntExact(s[0]) : -1;
    }

    /** The output width (the number of classes, say): the last axis of the output shape. */
    public int outputWidth() {
        long[] s = outputShape();
        return Math.toIntExact(s[s.length - 1]);
    }

    /** Training steps run so far (calls of {@link #lossAndBackward}). */
    public long steps() {
        return steps;
    }

    /** The configuration that built this model (depth, width, ...), for results and summaries. */
    public java.util.Map<String, Object> config() {
        return config;
    }

    public Summary summary() {
        return Summary.of(this);
    }

    @Override
    public String toString() {
        return summary().toString();
    }
}
