package org.residuallab.viz;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Loss;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.nn.Optimizer;
import org.residuallab.nn.Param;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A small real tidy probe table for plot tests: trains tiny plain and residual sigmoid MLPs for a few
 * SGD steps on random 3-class data and records, per Dense weight, the gradient norm and the log10
 * update:data ratio, and per step the training loss.
 */
final class RealProbeTable {
    private RealProbeTable() {}

    /** Per model name: training accuracy with block i removed (i = 0 .. depth-1), filled by {@link #record}. */
    static final java.util.Map<String, double[]> LESIONED = new java.util.LinkedHashMap<>();
    static final java.util.Map<String, Double> INTACT = new java.util.LinkedHashMap<>();
    /** Binned histograms of every sigmoid layer's output after training, in the probes' histogram schema. */
    static Table histograms;

    static Table record(int depth, int steps) {
        histograms = Table.create("histograms", StringColumn.create("run"), StringColumn.create("model"), IntColumn.create("depth"),
            IntColumn.create("step"), StringColumn.create("layer"), IntColumn.create("layer_index"), StringColumn.create("kind"),
            IntColumn.create("bin"), DoubleColumn.create("bin_lo"), DoubleColumn.create("bin_hi"), tech.tablesaw.api.LongColumn.create("count"));
        Table t = Table.create("probes", StringColumn.create("run"), StringColumn.create("model"), IntColumn.create("depth"),
            IntColumn.create("step"), StringColumn.create("layer"), IntColumn.create("layer_index"), StringColumn.create("metric"),
            DoubleColumn.create("value"));
        Random rnd = new Random(7);
        INDArray x = Nd4j.create(DataType.DOUBLE, 32, 4);
        int[] labels = new int[32];
        for (int i = 0; i < 32; i++) {
            labels[i] = rnd.nextInt(3);
            for (int j = 0; j < 4; j++) x.putScalar(i, j, rnd.nextGaussian() + labels[i]);
        }
        INDArray y = Loss.oneHot(labels, 3, DataType.DOUBLE);
        for (BlockKind kind : BlockKind.values()) {
            Model m = Models.mlp(depth, 12, "sigmoid", Init.glorotUniform(), kind).inputs(4).outputs(3).seed(1)
                .dtype(DataType.DOUBLE).build();
            Optimizer opt = Optimizer.sgd(0.5);
            for (int s = 0; s < steps; s++) {
                double loss = m.lossAndBackward(x, y);
                add(t, m, depth, s, "", -1, "train_loss", loss);
                List<Param> ws = m.params().stream().filter(p -> p.trainable() && p.name().equals("W")).toList();
                INDArray[] before = new INDArray[ws.size()];
                for (int i = 0; i < ws.size(); i++) {
                    before[i] = ws.get(i).value().dup();
                    add(t, m, depth, s, ws.get(i).path(), i, Metrics.WEIGHT_GRAD_NORM, ws.get(i).grad().norm2Number().doubleValue());
                }
                opt.step(m.params());
                for (int i = 0; i < ws.size(); i++) {
                    double upd = ws.get(i).value().sub(before[i]).stdNumber().doubleValue();
                    double dat = before[i].stdNumber().doubleValue();
                    add(t, m, depth, s, ws.get(i).path(), i, Metrics.UPDATE_RATIO, Math.log10(upd / dat));
                }
            }
            INTACT.put(m.name(), accuracy(m, x, labels));
            m.forward(x);
            int unit = 0;
            for (org.residuallab.nn.Layer l : m.leaves()) {
                if (l instanceof org.residuallab.nn.Sigmoid) histogram(m, depth, steps, l.path(), ++unit, l.lastOutput());
            }
            double[] lesioned = new double[m.blocks().size()];
            for (int b = 0; b < lesioned.length; b++) {
                m.blocks().get(b).setBypassed(true);
                lesioned[b] = accuracy(m, x, labels);
                m.blocks().get(b).setBypassed(false);
            }
            LESIONED.put(m.name(), lesioned);
        }
        return t;
    }

    private static void histogram(Model m, int depth, int step, String layer, int index, INDArray values) {
        double[] v = values.dup().data().asDouble();
        double lo = java.util.Arrays.stream(v).min().getAsDouble(), hi = java.util.Arrays.stream(v).max().getAsDouble();
        int bins = 20;
        long[] counts = new long[bins];
        for (double x : v) counts[Math.min(bins - 1, (int) ((x - lo) / (hi - lo) * bins))]++;
        for (int b = 0; b < bins; b++) {
            histograms.stringColumn("run").append("r1");
            histograms.stringColumn("model").append(m.name());
            histograms.intColumn("depth").append(depth);
            histograms.intColumn("step").append(step);
            histograms.stringColumn("layer").append(layer);
            histograms.intColumn("layer_index").append(index);
            histograms.stringColumn("kind").append("activation");
            histograms.intColumn("bin").append(b);
            histograms.doubleColumn("bin_lo").append(lo + b * (hi - lo) / bins);
            histograms.doubleColumn("bin_hi").append(lo + (b + 1) * (hi - lo) / bins);
            histograms.longColumn("count").append(counts[b]);
        }
    }

    private static double accuracy(Model m, INDArray x, int[] labels) {
        INDArray p = m.predict(x).argMax(1);
        int ok = 0;
        for (int i = 0; i < labels.length; i++) ok += p.getInt(i) == labels[i] ? 1 : 0;
        return ok / (double) labels.length;
    }

    private static void add(Table t, Model m, int depth, int step, String layer, int index, String metric, double v) {
        t.stringColumn("run").append("r1");
        t.stringColumn("model").append(m.name());
        t.intColumn("depth").append(depth);
        t.intColumn("step").append(step);
        t.stringColumn("layer").append(layer);
        t.intColumn("layer_index").append(index);
        t.stringColumn("metric").append(metric);
        t.doubleColumn("value").append(v);
    }
}
