package org.residuallab.lesson;

import java.util.Locale;

/**
 * A number worked out by hand next to the library's (or a prediction next to a measurement): both values,
 * their ratio and whether they agree. {@link org.residuallab.check.Cmp} does the same for arrays.
 * <pre>ByHand.of("factor per block", Math.pow(ratio, 1.0 / 19), AtInit.perBlockFactor(probes, model, metric))
 * // factor per block | by hand 0.2305 | library 0.2305 | library ÷ by hand 1.000000 | agree: true</pre>
 *
 * @param name    what was computed
 * @param byHand  your value
 * @param library the library's value (or the measurement your value predicts)
 */
public record ByHand(String name, double byHand, double library) {
    /** Agreement means a relative difference of at most this (float32 rounding, powers and roots of small ratios). */
    public static final double RTOL = 1e-6;

    public static ByHand of(String name, double byHand, double library) {
        return new ByHand(name, byHand, library);
    }

    /** library ÷ byHand: 1 when they agree, 1.04 for a prediction 4 % below the measurement. */
    public double ratio() {
        return library / byHand;
    }

    /** |byHand − library| ÷ |library| (0 when both are 0, NaN when either is). */
    public double relativeDifference() {
        if (Double.isNaN(byHand) || Double.isNaN(library)) return Double.NaN;
        if (byHand == library) return 0;
        return Math.abs(byHand - library) / Math.abs(library);
    }

    /** Whether the two agree to {@link #RTOL}. */
    public boolean agree() {
        return relativeDifference() <= RTOL;
    }

    /** Whether the two agree to a relative difference of {@code rtol} (e.g. 0.1 for a rough prediction). */
    public boolean agree(double rtol) {
        return relativeDifference() <= rtol;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s | by hand %s | library %s | library ÷ by hand %.6f | agree: %s",
                name, number(byHand), number(library), ratio(), agree());
    }

    /** 4 significant digits (scientific notation for very small or large numbers). */
    static String number(double v) {
        return v == 0 || !Double.isFinite(v) ? Double.toString(v) : String.format(Locale.ROOT, "%.4g", v);
    }
}
