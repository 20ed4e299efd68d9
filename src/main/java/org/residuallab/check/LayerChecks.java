package org.residuallab.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Param;
import org.residuallab.nn.Shapes;

/**
 * Checks of one layer a student wrote, each returning a {@link Check} with a readable message
 * ({@link Assertions} has the same as JUnit assertions). All run in float64: the layer is cast to it.
 * <pre>LayerChecks.gradients(new MyDense(3, 4), Inputs.batch(4, 3))   // ✔ or ✘ with where and why</pre>
 */
public final class LayerChecks {
    private LayerChecks() {}

    /** The array has this shape. */
    public static Check shape(INDArray array, long... expected) {
        String what = "shape " + Shapes.str(expected);
        if (array == null) return Check.fail(what, "expected an array of shape " + Shapes.str(expected) + " but got null");
        if (Arrays.equals(array.shape(), expected)) return Check.pass(what);
        return Check.fail(what, "expected an array of shape " + Shapes.str(expected) + " but got " + Shapes.str(array.shape())
                + (array.rank() != expected.length ? " (" + array.rank() + " axes instead of " + expected.length + ")" : ""));
    }

    /** For examples of shape {@code in}, outputShape says {@code expected} and forward returns batches of it. */
    public static Check outputShape(Layer layer, long[] in, long... expected) {
        String what = layer.describe() + " maps " + Shapes.batch(in) + " to " + Shapes.batch(expected);
        long[] said;
        try {
            said = layer.outputShape(in);
        } catch (RuntimeException e) {
            return Check.fail(what, layer.describe() + ": outputShape" + Shapes.str(in) + " threw " + Calls.thrown(e)
                    + "; expected it to say " + Shapes.str(expected));
        }
        if (!Arrays.equals(said, expected)) {
            return Check.fail(what, layer.describe() + ": for input examples of shape " + Shapes.str(in) + " outputShape says "
                    + Shapes.str(said) + " but they should come out as " + Shapes.str(expected));
        }
        try {
            INDArray x = Inputs.batch(2, in);
            layer.castTo(DataType.DOUBLE);
            INDArray out = Calls.forward(layer, x);
            Calls.backward(layer, out.like().assign(1), x);
            return Check.pass(what);
        } catch (Calls.Failed e) {
            return Check.fail(what, e.getMessage());
        }
    }

    /** Backward's dX and every trainable parameter's gradient agree with finite differences at x (see {@link GradCheck}). */
    public static Check gradients(Layer layer, INDArray x) {
        String what = layer.describe() + ": backward matches finite differences";
        INDArray x64 = x.castTo(DataType.DOUBLE).dup();
        try {
            layer.castTo(DataType.DOUBLE);
            INDArray out = Calls.forward(layer, x64);
            Calls.backward(layer, out.like().assign(1), x64);
            INDArray nudged = Calls.forward(layer, x64.mul(1.1).addi(0.05));
            if (Diff.first(nudged, out) == null) {
                return Check.fail(what, layer.describe() + ": forward's output does not change when its input changes; does forward use x?");
            }
            GradReport report = GradCheck.layer(layer).input(x64).run();
            return report.passed() ? Check.pass(what) : Check.fail(what, GradientHints.explain(layer, report, x64.size(0)));
        } catch (Calls.Failed e) {
            return Check.fail(what, e.getMessage());
        } catch (RuntimeException e) {
            return Check.fail(what, layer.describe() + ": the finite-difference check stopped: " + Calls.thrown(e));
        }
    }

    /** Backward adds into the parameters' gradients: two backward passes leave twice what one leaves. */
    public static Check accumulates(Layer layer, INDArray x) {
        String what = layer.describe() + ": backward adds into the parameter gradients";
        INDArray x64 = x.castTo(DataType.DOUBLE).dup();
        try {
            layer.castTo(DataType.DOUBLE);
            List<Param> params = layer.params().stream().filter(Param::trainable).toList();
            for (Param p : params) p.zeroGrad();
            INDArray dOut = Inputs.gaussian(new Random(2), Calls.forward(layer, x64).shape(), 0);
            Calls.backward(layer, dOut, x64);
            List<INDArray> once = new ArrayList<>();
            for (Param p : params) once.add(p.grad().dup());
            Calls.forward(layer, x64);
            Calls.backward(layer, dOut, x64);
            for (int i = 0; i < params.size(); i++) {
                Param p = params.get(i);
                INDArray twice = p.grad();
                if (Diff.allZero(once.get(i))) {
                    return Check.fail(what, layer.describe() + ": after backward the gradient of " + p.path() + " is still all zeros; "
                            + "backward must add dL/d" + p.name() + " into " + p.name() + ".grad(), e.g. " + p.name() + ".grad().addi(...)");
                }
                if (Diff.scaled(twice, once.get(i), 2)) continue;
                String why = Diff.scaled(twice, once.get(i), 1)
                        ? "it holds only the last one: backward replaced the gradient instead of adding to it (use " + p.name() + ".grad().addi(...), not assign)"
                        : "it holds something else: " + Diff.first(twice, once.get(i).mul(2)).at() + " is " + Diff.num(Diff.first(twice, once.get(i).mul(2)).actual())
                          + " instead of " + Diff.num(Diff.first(twice, once.get(i).mul(2)).expected());
                return Check.fail(what, layer.describe() + ": after two backward passes the gradient of " + p.path()
                        + " should hold the sum of both (backward adds; the optimiser zeroes it each step), but " + why);
            }
            for (Param p : params) p.zeroGrad();
            return Check.pass(what);
        } catch (Calls.Failed e) {
            return Check.fail(what, e.getMessage());
        }
    }

    /**
     * Yours computes what a reference layer computes: with the reference's parameter values copied into yours
     * (the same parameters, in the same order and shapes), the output, dX and the parameter gradients agree.
     */
    public static Check sameAsReference(Layer mine, Layer reference, INDArray x) {
        String what = mine.describe() + " computes what " + reference.describe() + " computes";
        INDArray x64 = x.castTo(DataType.DOUBLE).dup();
        String params = ParamLists.mismatch(mine, reference);
        if (params != null) return Check.fail(what, params);
        try {
            mine.castTo(DataType.DOUBLE);
            reference.castTo(DataType.DOUBLE);
            Calls.forward(mine, x64.dup());
            List<Cmp> cmps = Cmp.layers(mine, reference, x64);
            StringBuilder bad = new StringBuilder();
            for (Cmp c : cmps) {
                if (!c.approximate()) bad.append("\n  ✘ ").append(c.name()).append(" differs by up to ").append(Diff.num(c.maxDiff()));
            }
            if (bad.length() == 0) return Check.pass(what);
            return Check.fail(what, mine.describe() + " and " + reference.describe() + " (with the same parameter values and input) differ:" + bad);
        } catch (Calls.Failed e) {
            return Check.fail(what, e.getMessage());
        } catch (RuntimeException e) {
            return Check.fail(what, mine.describe() + ": running it beside " + reference.describe() + " threw " + Calls.thrown(e));
        }
    }
}
