package org.residuallab.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.residuallab.data.Dataset;
import org.residuallab.nn.Block;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Model;
import org.residuallab.nn.ResidualBlock;
import org.residuallab.nn.Shapes;
import org.residuallab.nn.TransformerBlock;
import org.residuallab.train.Evaluator;

/**
 * Lesion study (Veit et al. 2016): after training, remove one hidden block at a time (its body is
 * bypassed: a residual block passes x on through its shortcut, a plain block passes its input on unchanged)
 * and measure test loss and accuracy. Residual nets behave like ensembles of paths and barely notice; a plain
 * net loses its chain. A transformer layer is removed whole (its attention and MLP sub-blocks). A plain block
 * that changes the shape (a conv net's downsampling block) cannot be bypassed: it stays, and the result says
 * so in a note. Every block is restored afterwards, also on error.
 * <pre>LesionResult r = Lesion.of(compare.models()).data(split.test()).run();
 * r.table();   // model, layer, layer_index, metric, value
 * r.notes();   // blocks that could not be removed</pre>
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
        List<String> notes = new ArrayList<>();
        for (Model m : models) {
            List<Unit> units = units(m, data.exampleShape());
            rows.add(row(m, "none", -1, Evaluator.evaluate(m, data)));
            for (Unit u : units) {
                if (u.note() != null) notes.add(u.note());
                if (!u.removable()) continue;
                if (Thread.currentThread().isInterrupted()) return new LesionResult(rows, data.name(), notes);
                boolean[] was = u.bypass(true);
                try {
                    rows.add(row(m, u.path(), u.index(), Evaluator.evaluate(m, data)));
                } finally {
                    u.restore(was);
                }
            }
        }
        return new LesionResult(rows, data.name(), notes);
    }

    /**
     * One removable unit of a model: a top-level block, or a transformer layer (its sub-blocks together).
     * {@code note} says why it cannot be removed, or what removing it leaves (a shape-changing shortcut); null if nothing to say.
     */
    record Unit(String path, int index, List<Block> blocks, boolean removable, String note) {
        boolean[] bypass(boolean on) {
            boolean[] was = new boolean[blocks.size()];
            for (int i = 0; i < was.length; i++) {
                was[i] = blocks.get(i).isBypassed();
                blocks.get(i).setBypassed(on);
            }
            return was;
        }

        void restore(boolean[] was) {
            for (int i = 0; i < was.length; i++) blocks.get(i).setBypassed(was[i]);
        }
    }

    /** The units of {@code m} in forward order, each with whether it can be removed; one example's shape is followed layer by layer. */
    static List<Unit> units(Model m, long[] example) {
        List<Unit> out = new ArrayList<>();
        long[] shape = example;
        List<Layer> top = m.net().children();
        for (int i = 0; i < top.size(); i++) {
            Layer l = top.get(i);
            if (l instanceof Block b) {
                out.add(unit(m, b, i, shape));
            } else if (l instanceof TransformerBlock t) {
                out.add(new Unit(t.path(), i, List.of(t.attention(), t.mlp()), true, null));
            }
            shape = l.outputShape(shape);
        }
        return out;
    }

    private static Unit unit(Model m, Block b, int index, long[] in) {
        long[] f = b.body().outputShape(in);
        if (Arrays.equals(f, in)) return new Unit(b.path(), index, List.of(b), true, null);
        String maps = in.length == 1 ? "maps width " + in[0] + " to " + f[0] : "maps " + Shapes.str(in) + " to " + Shapes.str(f);
        if (b instanceof ResidualBlock r) {
            return new Unit(b.path(), index, List.of(b), true, "model '" + m.name() + "': " + b.describe() + " " + maps
                    + ": removing it leaves its shortcut (" + r.shortcut().kind() + "), which changes the shape");
        }
        return new Unit(b.path(), index, List.of(b), false, "model '" + m.name() + "': " + b.describe() + " " + maps
                + ", so it cannot be removed (without a skip its output would not fit the next layer); it was kept");
    }

    private static LesionResult.Row row(Model m, String layer, int index, double[] lossAccuracy) {
        return new LesionResult.Row(m.name(), kindOf(m), layer, index, lossAccuracy[0], lossAccuracy[1]);
    }

    /** The model's block kind (plain/residual), else its transformer variant, else "". */
    static String kindOf(Model m) {
        Object kind = m.config().get("block");
        if (kind == null) kind = m.config().get("variant");
        return kind == null ? "" : kind.toString();
    }
}
