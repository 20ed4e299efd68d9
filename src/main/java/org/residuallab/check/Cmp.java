package org.residuallab.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Param;
import org.residuallab.nn.ShapeMismatchException;
import org.residuallab.nn.Shapes;

/**
 * Compares a hand-written array with a reference, as Karpathy's {@code cmp} does: exact (bit-equal),
 * approximate ({@code |a − b| <= 1e-8 + 1e-5·|b|} everywhere, like {@code torch.allclose}) and the
 * largest absolute difference.
 * <pre>Cmp.layers(new MySigmoid(), new Sigmoid(), x).forEach(System.out::println);
 * // out             | exact: true  | approximate: true  | maxdiff: 0.0
 * // dX              | exact: false | approximate: true  | maxdiff: 5.551115123125783E-17</pre>
 */
public record Cmp(String name, boolean exact, boolean approximate, double maxDiff) {
    public static final double RTOL = 1e-5, ATOL = 1e-8;

    /** Compares {@code mine} with {@code reference} (same shape). */
    public static Cmp of(String name, INDArray mine, INDArray reference) {
        if (mine == null || reference == null) {
            throw new IllegalArgumentException(name + ": " + (mine == null ? "your array" : "the reference") + " is null");
        }
        if (!java.util.Arrays.equals(mine.shape(), reference.shape())) {
            throw new ShapeMismatchException(name + ": your array has shape " + Shapes.str(mine.shape())
                    + " but the reference has shape " + Shapes.str(reference.shape()));
        }
        double[] a = GradCheck.flat(mine), b = GradCheck.flat(reference);
        boolean exact = true, close = true;
        double maxDiff = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]);
            exact &= Double.compare(a[i], b[i]) == 0 || a[i] == b[i];
            close &= d <= ATOL + RTOL * Math.abs(b[i]);
            maxDiff = Double.isNaN(d) || Double.isNaN(maxDiff) ? Double.NaN : Math.max(maxDiff, d);
        }
        return new Cmp(name, exact, close, maxDiff);
    }

    /**
     * Runs {@code mine} and {@code reference} on the same batch x and the same random dOut and compares
     * their outputs, input gradients and parameter gradients. The reference's parameter values are
     * copied into {@code mine} first, so both must have parameters of the same shapes in the same order;
     * both layers are cast to x's type.
     */
    public static List<Cmp> layers(Layer mine, Layer reference, INDArray x) {
        List<Param> pm = mine.params(), pr = reference.params();
        if (pm.size() != pr.size()) {
            throw new IllegalArgumentException(mine.describe() + " has " + pm.size() + " parameters but the reference "
                    + reference.describe() + " has " + pr.size());
        }
        mine.castTo(x.dataType());
        reference.castTo(x.dataType());
        for (int i = 0; i < pm.size(); i++) pm.get(i).set(pr.get(i).value());
        INDArray out = mine.forward(x), outRef = reference.forward(x);
        List<Cmp> cmps = new ArrayList<>();
        cmps.add(of("out", out, outRef));
        if (!java.util.Arrays.equals(out.shape(), outRef.shape())) return cmps;
        Random rng = new Random(42);
        double[] r = new double[(int) outRef.length()];
        for (int i = 0; i < r.length; i++) r[i] = rng.nextGaussian();
        INDArray dOut = Nd4j.create(r, outRef.shape(), outRef.dataType());
        for (Param p : pm) p.zeroGrad();
        for (Param p : pr) p.zeroGrad();
        cmps.add(of("dX", mine.backward(dOut.dup()), reference.backward(dOut.dup())));
        for (int i = 0; i < pm.size(); i++) {
            if (pr.get(i).trainable()) cmps.add(of("d" + pr.get(i).name(), pm.get(i).grad(), pr.get(i).grad()));
        }
        return cmps;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%-15s | exact: %-5s | approximate: %-5s | maxdiff: %s", name, exact, approximate, maxDiff);
    }
}
