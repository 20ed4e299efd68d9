package org.residuallab.exercise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.PadShortcut;
import org.residuallab.nn.Shapes;

/**
 * Exercise: write He et al. (2015)'s shortcut option A, forward and backward. Forward: x (B, C, H, W) to
 * (B, O, ⌈H/s⌉, ⌈W/s⌉): channels 0..C−1 are x at rows and columns 0, s, 2s, ..., channels C..O−1 are zero.
 * Backward: dOut (B, O, ⌈H/s⌉, ⌈W/s⌉) to dX of x's shape. The check runs both on three float64 cases (stride 2
 * on even and odd sizes, stride 1) against {@link PadShortcut} and says what disagrees, never the answer.
 * <pre>ShortcutExercise.check((x, out, s) -&gt; shortcutA(x, out, s), (dOut, inShape, s) -&gt; shortcutABackward(dOut, inShape, s))</pre>
 */
public final class ShortcutExercise {
    static final String NAME = "shortcut option A, forward and backward";

    /** Your forward: x (B, C, H, W), the output channels O ≥ C and the stride s. */
    @FunctionalInterface
    public interface Forward {
        INDArray apply(INDArray x, int outChannels, int stride);
    }

    /** Your backward: dOut (B, O, ⌈H/s⌉, ⌈W/s⌉), the input's shape (B, C, H, W) and the stride. */
    @FunctionalInterface
    public interface Backward {
        INDArray apply(INDArray dOut, long[] inShape, int stride);
    }

    // (B, C, H, W), O, s
    private static final int[][] CASES = {{2, 3, 6, 6, 5, 2}, {2, 2, 5, 5, 4, 2}, {1, 4, 4, 4, 4, 1}};

    private ShortcutExercise() {}

    /** Checks your forward and backward; never throws for a wrong answer. */
    public static Verdict check(Forward forward, Backward backward) {
        if (forward == null || backward == null) return Verdict.notYet(NAME, "pass both functions: your forward and your backward");
        List<String> notes = new ArrayList<>();
        for (int k = 0; k < CASES.length; k++) {
            int[] c = CASES[k];
            long[] in = {c[0], c[1], c[2], c[3]};
            int out = c[4], stride = c[5];
            String label = String.format(Locale.ROOT, "x %s, O = %d, stride %d", Shapes.str(in), out, stride);
            INDArray x = gaussian(in, 31 + k), dOut;
            PadShortcut ref = new PadShortcut(c[1], out, stride);
            INDArray expected = ref.forward(x);
            dOut = gaussian(expected.shape(), 41 + k);
            INDArray expectedDX = ref.backward(dOut);
            INDArray y, dX;
            try {
                y = forward.apply(x.dup(), out, stride);
            } catch (RuntimeException e) {
                notes.add("forward (" + label + ") threw " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
                return Verdict.notYet(NAME, notes, List.of());
            }
            String wrong = forwardProblem(x, y, expected, out, stride);
            if (wrong != null) {
                notes.add("forward (" + label + "): " + wrong);
                return Verdict.notYet(NAME, notes, List.of("Option A is an identity: it copies pixels, multiplies nothing and has no parameters."));
            }
            notes.add("forward (" + label + ") gives the right " + Shapes.str(y.shape()));
            try {
                dX = backward.apply(dOut.dup(), in.clone(), stride);
            } catch (RuntimeException e) {
                notes.add("backward (" + label + ") threw " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
                return Verdict.notYet(NAME, notes, List.of());
            }
            wrong = backwardProblem(x, dOut, dX, y, expectedDX, stride);
            if (wrong != null) {
                notes.add("backward (" + label + "): " + wrong);
                return Verdict.notYet(NAME, notes, List.of("The backward of a copy sends each output gradient back to the one input "
                        + "element it was copied from; an input element that was copied nowhere gets zero."));
            }
            notes.add("backward (" + label + ") matches");
        }
        return Verdict.correct(NAME, notes);
    }

    private static String forwardProblem(INDArray x, INDArray y, INDArray expected, int out, int stride) {
        if (y == null) return "returned null";
        long[] want = expected.shape();
        if (!Arrays.equals(y.shape(), want)) {
            String s = "its output has shape " + Shapes.str(y.shape()) + " but should have " + Shapes.str(want) + ": ";
            if (y.rank() != 4) return s + "(B, O, ⌈H/s⌉, ⌈W/s⌉)";
            if (y.size(1) != want[1]) return s + "O = " + out + " channels, x's " + x.size(1) + " and " + (out - x.size(1)) + " zero ones";
            if (y.size(2) == x.size(2) && stride > 1) return s + "with stride " + stride + " only rows and columns 0, " + stride + ", " + 2 * stride + ", ... are kept";
            if (y.size(2) == x.size(2) / stride) return s + "for an odd size the first and the last row are both kept (rows 0, s, 2s, ... up to H − 1)";
            return s + "(B, O, ⌈H/s⌉, ⌈W/s⌉)";
        }
        if (close(y, expected)) return null;
        int C = (int) x.size(1);
        INDArray mine = y.get(all(), interval(0, C)), zeros = y.get(all(), interval(C, out));
        if (out > C && zeros.amaxNumber().doubleValue() > 0) {
            if (close(y.get(all(), interval(out - C, out)), expected.get(all(), interval(0, C)))) {
                return "x's channels are at the end and the zeros first: here (as in PadShortcut) x's " + C + " channels come first, the zeros after them";
            }
            return "channels " + C + ".." + (out - 1) + " must be zero (they are the padding)";
        }
        INDArray want0 = expected.get(all(), interval(0, C));
        if (stride > 1 && x.size(2) > 1) {
            INDArray shifted = subsample(x, 1, stride);
            if (shifted != null && Arrays.equals(shifted.shape(), mine.shape()) && close(mine, shifted)) {
                return "you kept rows and columns 1, 1 + s, ...: start at row 0 and column 0, as a stride-" + stride + " convolution with padding 1 does";
            }
            if (x.size(2) % stride == 0 && close(mine, averagePool(x, stride))) {
                return "you averaged each " + stride + "×" + stride + " window: option A keeps one pixel of each window, it does not average";
            }
        }
        double worst = mine.sub(want0).amaxNumber().doubleValue();
        return String.format(Locale.ROOT, "channels 0..%d are not x at rows and columns 0, s, 2s, ... (largest difference %.3g)", C - 1, worst);
    }

    private static String backwardProblem(INDArray x, INDArray dOut, INDArray dX, INDArray y, INDArray expected, int stride) {
        if (dX == null) return "returned null";
        if (!Arrays.equals(dX.shape(), x.shape())) {
            return "dX has shape " + Shapes.str(dX.shape()) + " but must have x's shape " + Shapes.str(x.shape())
                    + ": each element of x gets its gradient, zero where the forward pass did not read it";
        }
        if (close(dX, expected)) return null;
        // the backward of a linear map is its transpose: <forward(x), dOut> = <x, backward(dOut)> for every x
        double lhs = y.mul(dOut).sumNumber().doubleValue(), rhs = x.mul(dX).sumNumber().doubleValue();
        String adjoint = String.format(Locale.ROOT, "; the transpose test ⟨forward(x), dOut⟩ = ⟨x, dX⟩ fails: %.4g ≠ %.4g", lhs, rhs);
        INDArray never = notRead(x.shape(), stride);
        if (never.mul(dX).amaxNumber().doubleValue() > 0) {
            return "pixels the forward pass never read got gradient: only the pixels at rows and columns 0, s, 2s, ... receive it" + adjoint;
        }
        double worst = dX.sub(expected).amaxNumber().doubleValue();
        return String.format(Locale.ROOT, "the gradients at the pixels the forward pass read are wrong (largest difference %.3g)", worst) + adjoint;
    }

    // 1 where the forward pass reads no element of x (off the stride grid), else 0: (B, C, H, W)
    private static INDArray notRead(long[] shape, int stride) {
        INDArray m = Nd4j.ones(DataType.DOUBLE, shape);
        for (long i = 0; i < shape[2]; i += stride) {
            for (long j = 0; j < shape[3]; j += stride) m.get(all(), all(), point(i), point(j)).assign(0);
        }
        return m;
    }

    // x[:, :, from::s, from::s], or null when that is empty
    private static INDArray subsample(INDArray x, int from, int s) {
        if (x.size(2) <= from || x.size(3) <= from) return null;
        return x.get(all(), all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(from, s, x.size(2)),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(from, s, x.size(3))).dup();
    }

    private static INDArray averagePool(INDArray x, int s) {
        long n = x.size(0), c = x.size(1), h = x.size(2) / s, w = x.size(3) / s;
        return x.dup('c').reshape('c', n, c, h, s, w, s).mean(3, 5).reshape('c', n, c, h, w);
    }

    private static boolean close(INDArray a, INDArray b) {
        return Arrays.equals(a.shape(), b.shape()) && a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue() <= 1e-9;
    }

    private static INDArray gaussian(long[] shape, long seed) {
        Random rng = new Random(seed);
        double[] v = new double[(int) Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) v[i] = rng.nextGaussian();
        return Nd4j.create(v, shape, DataType.DOUBLE);
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex all() {
        return org.nd4j.linalg.indexing.NDArrayIndex.all();
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex interval(long from, long to) {
        return org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to);
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex point(long i) {
        return org.nd4j.linalg.indexing.NDArrayIndex.point(i);
    }
}
