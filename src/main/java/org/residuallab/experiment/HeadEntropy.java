package org.residuallab.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.residuallab.data.Dataset;
import org.residuallab.nn.Model;
import org.residuallab.probe.AttentionEntropy;
import org.residuallab.probe.Probes;
import org.residuallab.viz.CurvePlot;
import org.residuallab.viz.Plots;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * How sharply each attention head of one or more transformers looks, on one batch ({@link AttentionEntropy}):
 * every head's entropy in nats, in order (block 1's heads first), and the uniform maximum, ln(t + 1)
 * averaged over the positions t. One {@link OnePass} per model: fresh or trained, its weights do not change.
 * <pre>HeadEntropy h = HeadEntropy.of(batch, fresh, trained);
 * h.values(trained.name());   // low: heads that look at one position</pre>
 */
public final class HeadEntropy {
    private final Map<String, double[]> byModel;
    private final List<String> heads;
    private final double uniform;

    private HeadEntropy(Map<String, double[]> byModel, List<String> heads, double uniform) {
        this.byModel = byModel;
        this.heads = heads;
        this.uniform = uniform;
    }

    public static HeadEntropy of(Dataset batch, Model... models) {
        if (models.length == 0) throw new IllegalArgumentException("HeadEntropy needs at least one model");
        Map<String, double[]> by = new LinkedHashMap<>();
        List<String> heads = null;
        double uniform = Double.NaN;
        for (Model m : models) {
            if (by.containsKey(m.name())) throw new IllegalArgumentException("two models are named '" + m.name() + "': give them different names");
            Table t = OnePass.probe(m, batch, Probes.of(new AttentionEntropy()).run("entropy"));
            List<String> names = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < t.rowCount(); i++) {
                String metric = t.stringColumn("metric").getString(i);
                if (metric.equals(AttentionEntropy.ATTN_ENTROPY)) {
                    names.add(t.stringColumn("layer").getString(i));
                    values.add(t.doubleColumn("value").getDouble(i));
                } else if (metric.equals(AttentionEntropy.ATTN_ENTROPY_UNIFORM)) {
                    uniform = t.doubleColumn("value").getDouble(i);
                }
            }
            if (names.isEmpty()) throw new IllegalArgumentException("model '" + m.name() + "' has no causal self-attention layers");
            if (heads != null && !heads.equals(names)) {
                throw new IllegalArgumentException("model '" + m.name() + "' has other heads (" + names.size() + ") than the first model (" + heads.size() + ")");
            }
            heads = names;
            by.put(m.name(), values.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return new HeadEntropy(by, List.copyOf(heads), uniform);
    }

    /** The heads' layer paths, e.g. block1/attn/body/attention/head1, in order. */
    public List<String> heads() { return heads; }

    /** The entropy of even attention over the visible positions: the most a head can have. */
    public double uniform() { return uniform; }

    /** Each head's mean entropy (nats) in {@code model}, in the order of {@link #heads()}. */
    public double[] values(String model) {
        double[] v = byModel.get(model);
        if (v == null) throw new IllegalArgumentException("no model '" + model + "'; measured: " + byModel.keySet());
        return v.clone();
    }

    /** Rows {@code model, head, attn_entropy}. */
    public Table table() {
        StringColumn model = StringColumn.create("model"), head = StringColumn.create("head");
        DoubleColumn value = DoubleColumn.create(AttentionEntropy.ATTN_ENTROPY);
        byModel.forEach((m, v) -> {
            for (int i = 0; i < v.length; i++) {
                model.append(m);
                head.append(heads.get(i));
                value.append(v[i]);
            }
        });
        return Table.create("attention entropy by head", model, head, value);
    }

    /** Each head's entropy (x: heads in order, block 1's first), one line per model, the uniform maximum dashed. */
    public XYChart chart(String title) {
        CurvePlot c = Plots.lossCurves().title(title).xLabel("head (block 1's heads first)").yLabel("attention entropy (nats)").markers(true);
        byModel.forEach((m, v) -> {
            double[] x = new double[v.length];
            for (int i = 0; i < x.length; i++) x[i] = i + 1;
            c.add(m, x, v);
        });
        return c.reference(uniform, "even attention (the maximum)").build();
    }
}
