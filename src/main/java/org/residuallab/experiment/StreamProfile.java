package org.residuallab.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.residuallab.data.Dataset;
import org.residuallab.nn.Model;
import org.residuallab.probe.Probes;
import org.residuallab.probe.ResidualStream;
import org.residuallab.viz.CurvePlot;
import org.residuallab.viz.Plots;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A transformer's residual stream on one batch, read by the {@link ResidualStream} probe: after the
 * positions and after each attention and MLP sub-block, how large the stream is ({@code stream_norm}, the
 * mean token norm) and how much that sub-block wrote into it ({@code write_norm}). One forward and backward
 * pass in training mode; no optimizer step is taken (the model's step counter advances by one).
 * <pre>StreamProfile p = StreamProfile.of(model, batch);
 * p.writeNorm("block2/mlp");   // how much block 2's MLP added to each token, on average</pre>
 */
public final class StreamProfile {
    private final String model;
    private final Map<String, double[]> rows; // layer -> {stream_norm, write_norm}, in forward order

    private StreamProfile(String model, Map<String, double[]> rows) {
        this.model = model;
        this.rows = rows;
    }

    public static StreamProfile of(Model model, Dataset batch) {
        if (model == null || batch == null) throw new IllegalArgumentException("StreamProfile needs a model and a batch");
        Table t = OnePass.probe(model, batch, Probes.of(new ResidualStream()).run("stream"));
        Map<String, double[]> rows = new LinkedHashMap<>();
        for (int i = 0; i < t.rowCount(); i++) {
            String layer = t.stringColumn("layer").getString(i);
            if (!layer.equals("positions") && !layer.contains("/")) continue; // the positions, then the sub-blocks
            double[] r = rows.computeIfAbsent(layer, k -> new double[] {Double.NaN, Double.NaN});
            r[t.stringColumn("metric").getString(i).equals(ResidualStream.STREAM_NORM) ? 0 : 1] = t.doubleColumn("value").getDouble(i);
        }
        if (rows.size() < 2) {
            throw new IllegalArgumentException("model '" + model.name() + "' has no transformer sub-blocks (block1/attn, ...) for the stream profile");
        }
        return new StreamProfile(model.name(), rows);
    }

    public String model() { return model; }

    /** positions, block1/attn, block1/mlp, block2/attn, ... */
    public List<String> layers() { return new ArrayList<>(rows.keySet()); }

    /** The mean token norm of the stream after {@code layer}. */
    public double streamNorm(String layer) { return get(layer)[0]; }

    /** The mean token norm of what {@code layer} added to the stream. */
    public double writeNorm(String layer) { return get(layer)[1]; }

    /** Rows {@code position} (0 = positions), {@code layer}, {@code stream_norm}, {@code write_norm}. */
    public Table table() {
        IntColumn pos = IntColumn.create("position");
        StringColumn layer = StringColumn.create("layer");
        DoubleColumn stream = DoubleColumn.create(ResidualStream.STREAM_NORM), write = DoubleColumn.create(ResidualStream.WRITE_NORM);
        int i = 0;
        for (Map.Entry<String, double[]> e : rows.entrySet()) {
            pos.append(i++);
            layer.append(e.getKey());
            stream.append(e.getValue()[0]);
            write.append(e.getValue()[1]);
        }
        return Table.create("residual stream of " + model, pos, layer, stream, write);
    }

    /** The stream's norm and each sub-block's write along the stream (x: 0 = positions, then attn, mlp of block 1, ...); log y. */
    public XYChart chart(String title) {
        double[] x = new double[rows.size()], s = new double[rows.size()], w = new double[rows.size()];
        int i = 0;
        for (double[] r : rows.values()) {
            x[i] = i;
            s[i] = r[0];
            w[i] = Math.max(1e-12, r[1]);
            i++;
        }
        CurvePlot c = Plots.lossCurves().title(title).xLabel("along the stream: 0 = positions, then attn, mlp of block 1, 2, ...")
                .yLabel("mean token norm (log)").logY(true).markers(true);
        return c.add("stream ‖x‖ after", x, s).add("written ‖x_out − x_in‖", x, w).build();
    }

    private double[] get(String layer) {
        double[] r = rows.get(layer);
        if (r == null) throw new IllegalArgumentException("no layer '" + layer + "' in the stream of '" + model + "'; layers: " + rows.keySet());
        return r;
    }
}
