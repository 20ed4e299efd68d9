package org.residuallab.check;

import java.util.Locale;
import org.residuallab.nn.Shapes;

/**
 * How one hand-written gradient (an input gradient dX or a parameter's gradient) compares with its
 * finite-difference estimate. The relative error of an entry is
 * {@code |a − n| / max(|a|, |n|, 1e-3 · scale)}, where a is the analytic value, n the numeric one and
 * scale the largest |a| or |n| of all gradients of the same check: each entry is judged against its own
 * size, but never against less than a thousandth of the check's largest gradient entry, below which
 * finite differences measure rounding noise (a bias followed by BatchNorm has a true gradient of 0).
 *
 * @param item        what was checked, e.g. "BatchNorm (train)"
 * @param quantity    which gradient: "dX" or a parameter path such as "body/dense1/W"
 * @param shape       the gradient's shape
 * @param maxRelError the largest relative error over the checked entries
 * @param maxAbsDiff  the largest |a − n|
 * @param worst       the (row, column) of the entry with the largest relative error
 * @param analytic    the analytic gradient there
 * @param numeric     the finite-difference estimate there
 * @param checked     entries compared
 * @param skipped     entries left out because a ReLU kink lay within the finite-difference step
 * @param tolerance   the largest relative error that passes
 */
public record GradResult(String item, String quantity, long[] shape, double maxRelError, double maxAbsDiff,
                         long[] worst, double analytic, double numeric, int checked, int skipped, double tolerance) {

    /** The fraction of the check's largest gradient entry below which an entry's error is measured absolutely. */
    public static final double FLOOR_FRACTION = 1e-3;

    /**
     * Compares analytic values with numeric ones taken at {@code indices} (linear, row-major) of an array
     * of {@code shape}; {@code scale} is the largest gradient entry of the whole check (see {@link #scale}).
     */
    public static GradResult compare(String item, String quantity, long[] shape, double[] analytic,
                                     double[] numeric, int[] indices, double scale, double tolerance) {
        double floor = Math.max(FLOOR_FRACTION * scale, Double.MIN_NORMAL);
        double maxRel = 0, maxAbs = 0;
        int worstK = -1, checked = 0, skipped = 0;
        for (int k = 0; k < indices.length; k++) {
            double a = analytic[indices[k]], n = numeric[k];
            if (Double.isNaN(n)) { skipped++; continue; }
            checked++;
            double diff = Math.abs(a - n);
            double rel = diff / Math.max(Math.max(Math.abs(a), Math.abs(n)), floor);
            if (Double.isNaN(rel)) rel = Double.POSITIVE_INFINITY; // a NaN analytic value fails
            if (worstK < 0 || rel > maxRel) { maxRel = rel; worstK = k; }
            maxAbs = Math.max(maxAbs, Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff);
        }
        int worst = worstK < 0 ? 0 : indices[worstK];
        long cols = shape.length > 1 ? shape[shape.length - 1] : 1;
        long[] at = shape.length > 1 ? new long[] {worst / cols, worst % cols} : new long[] {worst};
        return new GradResult(item, quantity, shape, maxRel, maxAbs, at,
                worstK < 0 ? Double.NaN : analytic[worst], worstK < 0 ? Double.NaN : numeric[worstK],
                checked, skipped, tolerance);
    }

    /** The largest finite |value| in the arrays (NaN entries, i.e. skipped ones, ignored). */
    public static double scale(double[]... arrays) {
        double s = 0;
        for (double[] a : arrays) for (double v : a) if (Double.isFinite(v)) s = Math.max(s, Math.abs(v));
        return s;
    }

    /** True when every checked entry is within the tolerance and at least one entry was checked. */
    public boolean passed() {
        return checked > 0 && maxRelError <= tolerance;
    }

    /** One line: item, quantity, max relative error, verdict and the worst entry. */
    @Override
    public String toString() {
        String skip = skipped > 0 ? String.format(Locale.ROOT, ", %d skipped at a kink", skipped) : "";
        return String.format(Locale.ROOT, "%-40s %-28s max rel err %9.2e  %-4s worst %s: analytic %.6g, numeric %.6g (%d entries%s)",
                item, quantity + " " + Shapes.str(shape), maxRelError, passed() ? "ok" : "FAIL",
                Shapes.str(worst), analytic, numeric, checked, skip);
    }
}
