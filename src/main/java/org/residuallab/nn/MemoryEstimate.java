package org.residuallab.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a model needs in memory, in bytes, by part: its parameters, their gradients, the optimiser's state
 * (momentum 1, Adam 2 arrays per parameter) and the activations of a batch (every layer keeps its output and its
 * input gradient, a convolution also a copy of its input, attention its (B, heads, T, T) weights). Works on a model built with {@link Param#shapesOnly},
 * so a model can be measured before it is allocated. An estimate: scratch space of the engine is not counted.
 * <pre>MemoryEstimate e = MemoryEstimate.training(model, model.inputShape(), 64, 2);
 * System.out.println(e);   // parameters 1.2 MB, gradients 1.2 MB, optimiser state 2.4 MB, activations at batch 64 3.1 MB</pre>
 */
public record MemoryEstimate(String what, Map<String, Double> parts) {

    public MemoryEstimate {
        parts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parts));
    }

    /** The parameters' values alone: what building the model allocates (gradients come with the first backward). */
    public static MemoryEstimate build(Model m) {
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("parameters", values(m.params()) * bytesPer(m));
        return new MemoryEstimate("model '" + m.name() + "'", p);
    }

    /**
     * Training {@code m} on examples of shape {@code example} in batches of {@code batch} with {@code optimizerSlots}
     * arrays of state per trainable parameter; {@code built}: leave out the parameters (they already exist).
     */
    public static MemoryEstimate training(Model m, long[] example, long batch, int optimizerSlots, boolean built) {
        double b = bytesPer(m), trainable = values(m.params().stream().filter(Param::trainable).toList());
        Map<String, Double> p = new LinkedHashMap<>();
        if (!built) p.put("parameters", values(m.params()) * b);
        p.put("gradients", trainable * b);
        if (optimizerSlots > 0) p.put("optimiser state", optimizerSlots * trainable * b);
        p.put("activations at batch " + batch, activations(m, example, batch));
        return new MemoryEstimate("training model '" + m.name() + "'", p);
    }

    /** The bytes of the layers' buffers for one forward and backward pass of a batch of {@code batch} examples. */
    public static double activations(Model m, long[] example, long batch) {
        return batch * (Shapes.size(example) + walk(m.net(), example)) * bytesPer(m);
    }

    public double total() {
        return parts.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** "parameters 1.2 GB, gradients 1.2 GB, ...". */
    @Override
    public String toString() {
        return parts.entrySet().stream().map(e -> e.getKey() + " " + MemoryGuard.bytes(e.getValue())).collect(Collectors.joining(", "));
    }

    static double values(List<Param> params) {
        double n = 0;
        for (Param p : params) n += size(p.shape());
        return n;
    }

    private static double bytesPer(Model m) {
        return m.dtype() == org.nd4j.linalg.api.buffer.DataType.DOUBLE ? 8 : 4;
    }

    // values per example held by l's buffers for input examples of shape in: each leaf its output and its input gradient
    private static double walk(Layer l, long[] in) {
        long[] out;
        try {
            out = l.outputShape(in);
        } catch (RuntimeException e) {
            return 0;   // a child that takes another shape (a block's post layer): counted from its parent's output
        }
        List<Layer> cs = l.children();
        if (cs.isEmpty()) return size(in) + size(out) + (l instanceof Conv2d ? size(in) : 0); // a convolution keeps x in oneDNN's layout too
        double n = 0;
        if (l instanceof Sequential) {
            long[] s = in;
            for (Layer c : cs) {
                n += walk(c, s);
                try {
                    s = c.outputShape(s);
                } catch (RuntimeException e) {
                    return n;
                }
            }
            return n;
        }
        for (Layer c : cs) {
            double w = walk(c, in);
            n += w > 0 ? w : walk(c, out);
        }
        n += 2 * size(out);   // the container's own sum and gradient
        if (l instanceof CausalSelfAttention a && in.length == 2) n += 2.0 * a.heads() * in[0] * in[0] + 4 * size(in);
        return n;
    }

    static double size(long[] shape) {
        double n = 1;
        for (long d : shape) n *= d;
        return n;
    }
}
