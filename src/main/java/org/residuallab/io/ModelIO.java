package org.residuallab.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.Block;
import org.residuallab.nn.Conv2d;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Model;
import org.residuallab.nn.Param;
import org.residuallab.nn.ResidualBlock;
import org.residuallab.nn.Sequential;
import org.residuallab.nn.ShapeMismatchException;
import org.residuallab.nn.Shapes;

/**
 * Exports a model's parameters and gradients as {@code .npy} files so NumPy or PyTorch can cross-check
 * it, and loads parameters back. A parameter's file is its path with dots,
 * {@code block1.body.dense1.W.npy}; its gradient {@code grad.block1.body.dense1.W.npy}; the batch is
 * {@code input.npy} and {@code target.npy}, the model's output {@code output.npy}, the loss {@code loss.npy}
 * (a float64 scalar), and {@code manifest.json} lists them all, and the layers in forward order with one example's
 * input and output shapes (a convolution with its kernel, stride and padding), e.g. for a conv net's
 * {@code {"name": "block4.body.conv2d1", "kind": "Conv2d", "input": [16, 28, 28], "output": [32, 14, 14], "kernel": 3, "stride": 2, ...}}.
 * <pre>ModelIO.exportNpy(model, x, y, Path.of("out/seed"));
 * // python: W = np.load("out/seed/block1.body.dense1.W.npy")</pre>
 */
public final class ModelIO {
    private ModelIO() {}

    /** The file name (without .npy) of a parameter: its path with '/' replaced by '.'. */
    public static String fileName(Param p) {
        return p.path().replace('/', '.');
    }

    /** Writes every parameter (trainable or not) as one .npy file each, and manifest.json. */
    public static void exportParams(Model model, Path dir) {
        for (Param p : model.params()) Npy.write(p.value(), dir.resolve(fileName(p) + ".npy"));
        writeManifest(model, dir, null, exampleShape(model));
    }

    /**
     * Runs one forward and backward pass on (x, y) in the model's current mode and writes the parameters
     * (as they were before the pass), their gradients, x, y, the output and the loss. The model's
     * parameters, BatchNorm's running statistics included, are left as they were; the gradients hold this pass.
     */
    public static double exportNpy(Model model, INDArray x, INDArray y, Path dir) {
        List<Param> params = model.params();
        List<INDArray> before = new ArrayList<>();
        for (Param p : params) before.add(p.value().dup());
        model.zeroGrad();
        INDArray out = model.forward(x);
        double loss = model.loss().forward(out, y);
        model.net().backward(model.loss().backward());
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            p.value().assign(before.get(i));
            Npy.write(p.value(), dir.resolve(fileName(p) + ".npy"));
            if (p.trainable()) Npy.write(p.grad(), dir.resolve("grad." + fileName(p) + ".npy"));
        }
        Npy.write(x.castTo(model.dtype()), dir.resolve("input.npy"));
        Npy.write(y.castTo(model.dtype()), dir.resolve("target.npy"));
        Npy.write(out, dir.resolve("output.npy"));
        Npy.write(Nd4j.scalar(DataType.DOUBLE, loss), dir.resolve("loss.npy"));
        writeManifest(model, dir, loss, Shapes.example(x.shape()));
        return loss;
    }

    /**
     * Loads every parameter of {@code model} from {@code dir} (files named as {@link #exportParams} writes
     * them). Checks every file before changing anything; a missing file or a wrong shape is reported with
     * the file, the expected and the actual shape. A 1-D file may fill a (1, n) parameter (PyTorch biases).
     */
    public static void loadParams(Model model, Path dir) {
        List<Param> params = model.params();
        List<INDArray> loaded = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Param p : params) {
            Path file = dir.resolve(fileName(p) + ".npy");
            if (!Files.isRegularFile(file)) {
                problems.add("missing file " + file + " for parameter " + p.path() + " of shape " + Shapes.str(p.value().shape()));
                loaded.add(null);
                continue;
            }
            INDArray a = Npy.read(file);
            long[] want = p.value().shape();
            if (!Arrays.equals(a.shape(), want)) {
                if (a.rank() == 1 && want.length == 2 && want[0] == 1 && a.length() == want[1]) {
                    a = a.reshape(want);
                } else {
                    String hint = want.length == 2 && a.rank() == 2 && a.shape()[0] == want[1] && a.shape()[1] == want[0]
                            ? " (transposed? residual-lab stores Dense weights as (in, out); PyTorch as (out, in): save W.T)" : "";
                    problems.add(file + ": parameter " + p.path() + " expects shape " + Shapes.str(want)
                            + " but the file holds shape " + Shapes.str(a.shape()) + hint);
                }
            }
            loaded.add(a);
        }
        if (!problems.isEmpty()) {
            throw new ShapeMismatchException("cannot load parameters of model '" + model.name() + "' from " + dir + ":\n  "
                    + String.join("\n  ", problems));
        }
        for (int i = 0; i < params.size(); i++) params.get(i).set(loaded.get(i).castTo(params.get(i).value().dataType()));
    }

    // the model's example shape, or null when its first layer does not fix it and none was set
    private static long[] exampleShape(Model model) {
        try {
            return model.inputShape();
        } catch (IllegalStateException e) {
            return null;
        }
    }

    private static void writeManifest(Model model, Path dir, Double loss, long[] example) {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"model\": ").append(quote(model.name())).append(",\n");
        sb.append("  \"dtype\": ").append(quote(model.dtype() == DataType.DOUBLE ? "float64" : "float32")).append(",\n");
        sb.append("  \"loss\": ").append(quote(model.loss().name())).append(",\n");
        if (loss != null) sb.append("  \"loss_value\": ").append(number(loss)).append(",\n");
        sb.append("  \"config\": {").append(model.config().entrySet().stream()
                .map(e -> quote(e.getKey()) + ": " + value(e.getValue())).collect(Collectors.joining(", "))).append("},\n");
        sb.append("  \"params\": [\n");
        List<String> rows = new ArrayList<>();
        for (Param p : model.params()) {
            String name = fileName(p);
            rows.add("    {\"name\": " + quote(name) + ", \"file\": " + quote(name + ".npy") + ", \"shape\": "
                    + Arrays.toString(p.value().shape()) + ", \"trainable\": " + p.trainable()
                    + (loss != null && p.trainable() ? ", \"grad\": " + quote("grad." + name + ".npy") : "") + "}");
        }
        sb.append(String.join(",\n", rows)).append("\n  ]");
        if (example != null) {
            List<String> layers = new ArrayList<>();
            long[] x = example;
            for (Layer l : model.net().children()) x = layers(l, x, layers);
            sb.append(",\n  \"layers\": [\n").append(String.join(",\n", layers)).append("\n  ]");
        }
        sb.append("\n}\n");
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("manifest.json"), sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("manifest.json") + ": " + e.getMessage(), e);
        }
    }

    /**
     * One manifest row per layer, depth first in forward order: its dotted name, kind, and one example's input and output
     * shape; convolutions add kernel, stride, padding and whether they have a bias, so that NumPy or PyTorch can rebuild
     * the net. Returns the layer's output shape.
     */
    private static long[] layers(Layer l, long[] in, List<String> rows) {
        long[] out = l.outputShape(in);
        StringBuilder row = new StringBuilder("    {\"name\": ").append(quote(l.path().replace('/', '.')))
                .append(", \"kind\": ").append(quote(l.kind()))
                .append(", \"input\": ").append(Arrays.toString(in)).append(", \"output\": ").append(Arrays.toString(out));
        if (l instanceof Conv2d c) {
            row.append(", \"kernel\": ").append(c.kernel()).append(", \"stride\": ").append(c.stride())
                    .append(", \"padding\": ").append(c.padding()).append(", \"bias\": ").append(c.bias() != null);
        }
        rows.add(row.append('}').toString());
        if (l instanceof Block b) {
            long[] f = layers(b.body(), in, rows);
            if (b instanceof ResidualBlock r) layers(r.shortcut(), in, rows);
            layers(b.post(), f, rows);
        } else if (l instanceof Sequential) {
            long[] x = in;
            for (Layer c : l.children()) x = layers(c, x, rows);
        }
        return out;
    }

    private static String value(Object v) {
        if (v instanceof Number && !(v instanceof Double || v instanceof Float)) return v.toString();
        if (v instanceof Number) return number(((Number) v).doubleValue());
        if (v instanceof Boolean) return v.toString();
        return quote(String.valueOf(v));
    }

    private static String number(double d) {
        return Double.isFinite(d) ? String.format(Locale.ROOT, "%.17g", d) : quote(Double.toString(d));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

}
