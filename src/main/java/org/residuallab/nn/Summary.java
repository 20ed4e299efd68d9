package org.residuallab.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * A Keras-style summary: one row per layer (nested layers indented) with output shape and parameter
 * count; totals counted as Keras counts them (BatchNorm's moving mean and variance are non-trainable).
 */
public final class Summary {
    /** One row: indentation depth, path, kind, output shape of one example, own-and-children parameter count. */
    public record Row(int depth, String path, String kind, long[] outputShape, long params) {
        /** The last axis of the output shape (the width of an MLP layer). */
        public int outputWidth() {
            return Math.toIntExact(outputShape[outputShape.length - 1]);
        }

        /** Keras's notation: (None, 128) or (None, 16, 28, 28). */
        public String shapeText() {
            return "(None, " + Shapes.str(outputShape).substring(1);
        }
    }

    private final String modelName;
    private final List<Row> rows;
    private final long total, trainable;

    private Summary(String modelName, List<Row> rows, long total, long trainable) {
        this.modelName = modelName;
        this.rows = rows;
        this.total = total;
        this.trainable = trainable;
    }

    public static Summary of(Model model) {
        List<Row> rows = new ArrayList<>();
        long[] shape = model.inputShape();
        for (Layer l : model.net().children()) shape = collect(l, shape, 0, rows);
        long total = 0, trainable = 0;
        for (Param p : model.params()) {
            total += p.size();
            if (p.trainable()) trainable += p.size();
        }
        return new Summary(model.name(), rows, total, trainable);
    }

    private static long[] collect(Layer l, long[] in, int depth, List<Row> rows) {
        long[] out = l.outputShape(in);
        rows.add(new Row(depth, l.path(), l.kind(), out, l.params().stream().mapToLong(Param::size).sum()));
        long[] w = in;
        if (l instanceof Block) {
            Block b = (Block) l;
            long[] f = collect(b.body(), in, depth + 1, rows);
            if (b instanceof ResidualBlock) {
                ResidualBlock r = (ResidualBlock) b;
                collect(r.shortcut(), in, depth + 1, rows);
                rows.add(new Row(depth + 1, l.path() + "/add", "Add", f, 0));
            }
            if (!(b.post() instanceof Identity)) collect(b.post(), f, depth + 1, rows);
        } else if (l instanceof Sequential) {
            for (Layer c : l.children()) w = collect(c, w, depth + 1, rows);
        }
        return out;
    }

    public List<Row> rows() { return rows; }

    public long totalParams() { return total; }

    public long trainableParams() { return trainable; }

    public long nonTrainableParams() { return total - trainable; }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        int shapes = 16; // wider for long shapes such as (None, 1024, 50257)
        for (Row r : rows) shapes = Math.max(shapes, r.shapeText().length());
        String rule = "=".repeat(56 + shapes) + "\n";
        sb.append("Model: \"").append(modelName).append("\"\n").append(rule);
        sb.append(String.format("%-44s %-" + shapes + "s %10s%n", "Layer (type)", "Output Shape", "Param #"));
        sb.append(rule);
        for (Row r : rows) {
            String label = "  ".repeat(r.depth()) + last(r.path()) + " (" + r.kind() + ")";
            sb.append(String.format("%-44s %-" + shapes + "s %,10d%n", label, r.shapeText(), r.params()));
        }
        sb.append(rule);
        sb.append(String.format("Total params: %,d%nTrainable params: %,d%nNon-trainable params: %,d%n",
                total, trainable, total - trainable));
        return sb.toString();
    }

    private static String last(String path) {
        int i = path.lastIndexOf('/');
        return i < 0 ? path : path.substring(i + 1);
    }
}
