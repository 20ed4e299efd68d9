package org.residuallab.experiment;

import java.util.ArrayList;
import java.util.List;
import org.residuallab.data.Dataset;
import org.residuallab.nn.Block;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Model;
import org.residuallab.train.Evaluator;

/**
 * Lesion study (Veit et al. 2016): after training, remove one hidden block at a time (its body is
 * bypassed: a residual block passes x on, a plain block passes its input on unchanged) and measure
 * test loss and accuracy. Residual nets behave like ensembles of paths and barely notice; a plain
 * net loses its chain. Every block is restored afterwards, also on error.
 * <pre>LesionResult r = Lesion.of(compare.models()).data(split.test()).run();
 * r.table();   // model, layer, layer_index, metric, value</pre>
 */
public final class Lesion {
    private final List<Model> models;
    private Dataset data;

    private Lesion(List<Model> models) {
        if (models.isEmpty()) throw new IllegalArgumentException("Lesion needs at least one model");
        this.models = List.copyOf(models);
    }

    public static Lesion of(Model... models) {
        return new Lesion(List.of(models));
    }

    public static Lesion of(List<Model> models) {
        return new Lesion(models);
    }

    /** The data to evaluate on (usually the test split). */
    public Lesion data(Dataset data) {
        if (data == null) throw new IllegalArgumentException("lesion data must not be null");
        this.data = data;
        return this;
    }

    /** Evaluates each model intact, then with each block removed in turn. */
    public LesionResult run() {
        if (data == null) throw new IllegalStateException("no data: call data(testSet) before run()");
        List<LesionResult.Row> rows = new ArrayList<>();
        for (Model m : models) {
            List<Layer> top = m.net().children();
            rows.add(row(m, "none", -1, Evaluator.evaluate(m, data)));
            for (int i = 0; i < top.size(); i++) {
                if (!(top.get(i) instanceof Block)) continue;
                if (Thread.currentThread().isInterrupted()) return new LesionResult(rows, data.name());
                Block b = (Block) top.get(i);
                checkSquare(m, b);
                boolean was = b.isBypassed();
                b.setBypassed(true);
                try {
                    rows.add(row(m, b.path(), i, Evaluator.evaluate(m, data)));
                } finally {
                    b.setBypassed(was);
                }
            }
        }
        return new LesionResult(rows, data.name());
    }

    private static LesionResult.Row row(Model m, String layer, int index, double[] lossAccuracy) {
        Object kind = m.config().get("block");
        return new LesionResult.Row(m.name(), kind == null ? "" : kind.toString(), layer, index, lossAccuracy[0], lossAccuracy[1]);
    }

    private static void checkSquare(Model m, Block b) {
        int in = b.inputWidth(), out = b.body().outputWidth(in);
        if (in != out) {
            throw new IllegalArgumentException("model '" + m.name() + "': " + b.describe() + " maps width " + in + " to " + out
                    + ", so it cannot be removed (its output would not fit the next layer)");
        }
    }
}
