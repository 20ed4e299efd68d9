package org.residuallab.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Block;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Model;
import org.residuallab.nn.Shapes;
import org.residuallab.data.Dataset;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The signal along a net's stream of blocks after one forward and backward pass (training mode):
 * at each position l = 0..L (l = 0 is the first block's input, l ≥ 1 block l's output) the std of the
 * activations x_l ({@value #ACTIVATION_STD}), the size of the gradient ‖dL/dx_l‖₂ ({@value #BACKPROP}) and, for
 * l ≥ 1, how much block l changed its input, ‖x_l − x_{l−1}‖₂ ÷ ‖x_{l−1}‖₂ ({@value #CHANGE}; 0 when the block is
 * the identity, NaN when it changes the width). Training mode: BatchNorm uses (and updates) batch statistics.
 * <pre>SignalProfile p = SignalProfile.of(task.x(), task.y(), plain, residual);
 * p.table();                        // model, metric, layer_index, layer, value
 * p.lastOverFirst("residual", SignalProfile.ACTIVATION_STD);   // how much the activations grew</pre>
 */
public final class SignalProfile {
    public static final String ACTIVATION_STD = "activation_std";
    public static final String BACKPROP = "backprop_grad_l2";
    public static final String CHANGE = "block_change_ratio";

    private final Map<String, Map<String, double[]>> values = new LinkedHashMap<>();
    private final Map<String, List<String>> layers = new LinkedHashMap<>();

    private SignalProfile() {}

    /**
     * One forward and backward pass of each model on x (B, in) / y (B, K), in training mode. No optimizer step is
     * taken or counted and the gradients are zeroed afterwards; BatchNorm's running statistics move as in a training step.
     */
    public static SignalProfile of(INDArray x, INDArray y, Model... models) {
        if (models.length == 0) throw new IllegalArgumentException("SignalProfile needs at least one model");
        SignalProfile p = new SignalProfile();
        for (Model m : models) {
            if (p.values.containsKey(m.name())) throw new IllegalArgumentException("two models are named '" + m.name() + "': give each a distinct name");
            p.measure(m, x, y);
        }
        return p;
    }

    private void measure(Model m, INDArray x, INDArray y) {
        List<Block> blocks = m.blocks();
        if (blocks.isEmpty()) throw new IllegalArgumentException("model '" + m.name() + "' has no blocks");
        List<Layer> top = m.net().children();
        int firstIndex = top.indexOf(blocks.get(0)), lastIndex = top.indexOf(blocks.get(blocks.size() - 1));
        if (firstIndex < 1 || lastIndex + 1 >= top.size()) {
            throw new IllegalArgumentException("model '" + m.name() + "' needs a layer before its first block and one after its last (a stem and a head)");
        }
        boolean was = m.net().isTraining();
        m.train();
        try {
            INDArray out = m.forward(x);
            double loss = m.loss().forward(out, y.dataType() == out.dataType() ? y : y.castTo(out.dataType()));
            if (!Double.isFinite(loss)) throw new IllegalStateException("model '" + m.name() + "': the loss is " + loss + " on this batch");
            m.net().backward(m.loss().backward());
            record(m, blocks, top, firstIndex, lastIndex);
        } finally {
            m.zeroGrad();
            if (!was) m.eval();
        }
    }

    private void record(Model m, List<Block> blocks, List<Layer> top, int firstIndex, int lastIndex) {
        int n = blocks.size();
        double[] std = new double[n + 1], grad = new double[n + 1], change = new double[n + 1];
        change[0] = Double.NaN;
        INDArray in = top.get(firstIndex - 1).lastOutput();
        List<String> names = new ArrayList<>();
        std[0] = top.get(firstIndex - 1).lastOutput().stdNumber().doubleValue();
        grad[0] = blocks.get(0).lastInputGradient().norm2Number().doubleValue();
        names.add("input");
        for (int i = 0; i < n; i++) {
            Block b = blocks.get(i);
            INDArray out = b.lastOutput();
            std[i + 1] = out.stdNumber().doubleValue();
            change[i + 1] = java.util.Arrays.equals(out.shape(), in.shape()) ? out.sub(in).norm2Number().doubleValue() / in.norm2Number().doubleValue() : Double.NaN;
            in = out;
            Layer next = i + 1 < n ? blocks.get(i + 1) : top.get(lastIndex + 1);
            grad[i + 1] = next.lastInputGradient().norm2Number().doubleValue();
            names.add(b.path());
        }
        Map<String, double[]> byMetric = new LinkedHashMap<>();
        byMetric.put(ACTIVATION_STD, std);
        byMetric.put(BACKPROP, grad);
        byMetric.put(CHANGE, change);
        values.put(m.name(), byMetric);
        layers.put(m.name(), names);
    }

    /**
     * A seeded batch to measure with: {@code n} standard-normal points in {@code inputs} dimensions, labelled into
     * {@code classes} classes by a random linear teacher (label = argmax of x·T).
     */
    public static Dataset gaussianBatch(int n, int inputs, int classes, long seed) {
        Shapes.require(n >= 2, "n", n, ">= 2");
        Shapes.require(inputs >= 1, "inputs", inputs, ">= 1");
        Shapes.require(classes >= 2, "classes", classes, ">= 2");
        java.util.Random rng = new java.util.Random(seed);
        double[] teacher = new double[inputs * classes], x = new double[n * inputs];
        for (int i = 0; i < teacher.length; i++) teacher[i] = rng.nextGaussian();
        int[] labels = new int[n];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < inputs; i++) x[r * inputs + i] = rng.nextGaussian();
            double best = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                double score = 0;
                for (int i = 0; i < inputs; i++) score += x[r * inputs + i] * teacher[i * classes + k];
                if (score > best) {
                    best = score;
                    labels[r] = k;
                }
            }
        }
        INDArray features = org.nd4j.linalg.factory.Nd4j.create(x, new long[] {n, inputs}, org.nd4j.linalg.api.buffer.DataType.FLOAT);
        return Dataset.classification("gaussian-" + inputs + "d", features, labels, classes);
    }

    /** The metric's values at positions 0..L (0: the first block's input; NaN where undefined) for {@code model}. */
    public double[] values(String model, String metric) {
        Map<String, double[]> m = values.get(model);
        if (m == null) throw new IllegalArgumentException("no model named '" + model + "' in this profile; it has " + values.keySet());
        double[] v = m.get(metric);
        if (v == null) throw new IllegalArgumentException("unknown metric '" + metric + "': expected " + ACTIVATION_STD + ", " + BACKPROP + " or " + CHANGE);
        return v.clone();
    }

    /** The positions 0..L of {@code model} as doubles, for plotting beside {@link #values}. */
    public double[] positions(String model) {
        double[] v = values(model, ACTIVATION_STD), x = new double[v.length];
        for (int i = 0; i < x.length; i++) x[i] = i;
        return x;
    }

    /** Value after the last block ÷ value at the first block's input (activations: growth; gradients: the inverse of decay). */
    public double lastOverFirst(String model, String metric) {
        double[] v = values(model, metric);
        return v[v.length - 1] / v[0];
    }

    /** Value at the first block's input ÷ value after the last block (gradients: what reaches the first block, relative). */
    public double firstOverLast(String model, String metric) {
        return 1 / lastOverFirst(model, metric);
    }

    /** The largest {@value #CHANGE} over the blocks of {@code model}: 0 when every block is the identity. */
    public double maxChange(String model) {
        double max = 0;
        for (double v : values(model, CHANGE)) if (!Double.isNaN(v)) max = Math.max(max, v);
        return max;
    }

    public List<String> models() {
        return List.copyOf(values.keySet());
    }

    /** Tidy table {@code model, metric, layer_index, layer, value}; layer_index 0 is the first block's input ("input"); NaNs left out. */
    public Table table() {
        StringColumn model = StringColumn.create("model"), metric = StringColumn.create("metric"), layer = StringColumn.create("layer");
        IntColumn index = IntColumn.create("layer_index");
        DoubleColumn value = DoubleColumn.create("value");
        for (Map.Entry<String, Map<String, double[]>> e : values.entrySet()) {
            for (Map.Entry<String, double[]> mv : e.getValue().entrySet()) {
                double[] v = mv.getValue();
                for (int i = 0; i < v.length; i++) {
                    if (Double.isNaN(v[i])) continue;
                    model.append(e.getKey());
                    metric.append(mv.getKey());
                    index.append(i);
                    layer.append(layers.get(e.getKey()).get(i));
                    value.append(v[i]);
                }
            }
        }
        return Table.create("signal profile", model, metric, index, layer, value);
    }
}
