package org.residuallab.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Layers applied in order: forward loops, backward loops in reverse.
 * <pre>Sequential net = Sequential.of(new Dense(2, 16), new Tanh(), new Dense(16, 3));</pre>
 */
public class Sequential extends Layer {
    private final List<Layer> layers = new ArrayList<>();
    private final Map<String, Integer> kindCounts = new HashMap<>();
    private boolean named;

    public Sequential() {
        super("sequential");
    }

    /** A sequential with its own base name, e.g. "head" (numbered by its container only if repeated). */
    protected Sequential(String name) {
        super(name);
    }

    /** {@code Sequential.named("head", new Tanh(), new Dense(64, 10))}. */
    public static Sequential named(String name, Layer... layers) {
        Sequential s = new Sequential(name);
        s.named = true;
        for (Layer l : layers) s.add(l);
        return s;
    }

    public static Sequential of(Layer... layers) {
        Sequential s = new Sequential();
        for (Layer l : layers) s.add(l);
        return s;
    }

    /** Appends a layer, names it by kind and count ({@code dense2}) and checks it fits the previous one. */
    public Sequential add(Layer layer) {
        if (layer == null) throw new IllegalArgumentException(describe() + ": cannot add a null layer");
        String base = layer.baseName();
        long[] out = outputShapeOrNull();
        if (out != null) {
            try {
                layer.outputShape(out);
            } catch (IllegalArgumentException e) {
                throw new ShapeMismatchException("cannot add " + layer.kind() + " as layer " + layers.size()
                        + " of " + describe() + ": the previous layer outputs " + Shapes.batch(out) + "; " + e.getMessage());
            }
        }
        int k = kindCounts.merge(base, 1, Integer::sum);
        layers.add(layer);
        layer.place(path(), layer.numbered() ? base + k : base, layers.size() - 1);
        return this;
    }

    // x (B, in) -> (B, out)
    @Override
    protected INDArray doForward(INDArray x) {
        for (Layer l : layers) x = l.passForward(x);
        return x;
    }

    // dOut (B, out) -> dX (B, in)
    @Override
    protected INDArray doBackward(INDArray dOut) {
        for (int i = layers.size() - 1; i >= 0; i--) dOut = layers.get(i).passBackward(dOut);
        return dOut;
    }

    @Override
    public long[] outputShape(long[] in) {
        for (Layer l : layers) in = l.outputShape(in);
        return in;
    }

    /** The first layer's input shape, looking through layers that take any shape (activations, dropout). */
    @Override
    public long[] inputShape() {
        for (Layer l : layers) {
            long[] s = l.inputShape();
            if (s != null) return s;
            if (!(l instanceof Activation || l instanceof Dropout)) return null;
        }
        return null;
    }

    private long[] outputShapeOrNull() {
        long[] in = inputShape();
        return in == null ? null : outputShape(in);
    }

    @Override
    public List<Layer> children() {
        return Collections.unmodifiableList(layers);
    }

    @Override
    public boolean numbered() {
        return !named;
    }

    public Layer get(int i) {
        return layers.get(i);
    }

    public int size() {
        return layers.size();
    }

    public boolean isEmpty() {
        return layers.isEmpty();
    }
}
