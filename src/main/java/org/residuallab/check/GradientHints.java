package org.residuallab.check;

import java.util.Locale;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Shapes;

/** Explains a failed finite-difference check in words: where, by how much, and the likely mistake. */
final class GradientHints {
    private GradientHints() {}

    static String explain(Layer layer, GradReport report, long batch) {
        StringBuilder s = new StringBuilder(layer.describe() + ": backward does not match finite differences "
                + "(float64; every entry nudged by ±h and the change of the output measured):");
        for (GradResult r : report.results()) {
            String name = r.quantity().equals("dX") ? "dX" : "the gradient of " + r.quantity();
            if (r.passed()) {
                s.append("\n  ✔ ").append(name).append(' ').append(Shapes.str(r.shape())).append(" matches");
                continue;
            }
            s.append("\n  ✘ ").append(name).append(' ').append(Shapes.str(r.shape()));
            if (r.checked() == 0) {
                s.append(": no entry could be checked (every nudge crossed a kink); try another input");
                continue;
            }
            s.append(String.format(Locale.ROOT, ": at %s yours is %s but finite differences give %s (relative error %.2g, allowed %.0e)",
                    Shapes.str(r.worst()).replace('(', '[').replace(')', ']'), Diff.num(r.analytic()), Diff.num(r.numeric()),
                    r.maxRelError(), r.tolerance()));
            String hint = hint(r, batch);
            if (!hint.isEmpty()) s.append("\n      ").append(hint);
        }
        return s.toString();
    }

    /** The likely mistake behind one failed gradient, from its worst entry. */
    static String hint(GradResult r, long batch) {
        double a = r.analytic(), n = r.numeric();
        boolean dX = r.quantity().equals("dX");
        if (Double.isNaN(a) || Double.isInfinite(a)) return "your backward computed " + a + " there: a division by zero, or a log or sqrt of a negative number?";
        if (a == 0 && n != 0) {
            return dX ? "your dX is 0 there: is dX computed from dOut (and not left at zeros)?"
                      : "its gradient stayed 0 there: does backward add into " + leaf(r) + ".grad(), e.g. " + leaf(r) + ".grad().addi(...)?";
        }
        if (n == 0) return "the output does not change with this entry, but your backward says it does";
        double ratio = a / n;
        if (near(ratio, -1)) return "the sign is flipped";
        if (batch > 1 && near(ratio, 1.0 / batch)) return "yours is 1/" + batch + " of it (1/batch size): a mean over the batch where a sum belongs?";
        if (batch > 1 && near(ratio, batch)) return "yours is " + batch + " times it (the batch size): a sum over the batch where there is none?";
        if (near(ratio, 2)) return "yours is twice it: is something added twice?";
        if (near(ratio, 0.5)) return "yours is half of it: is a term missing?";
        return "compare your formula with the derivative of what forward computes (the chain rule, term by term)";
    }

    private static boolean near(double ratio, double target) {
        return Math.abs(ratio - target) <= 1e-3 * Math.abs(target);
    }

    // "W" of "mydense/W"
    private static String leaf(GradResult r) {
        String q = r.quantity();
        return q.substring(q.lastIndexOf('/') + 1);
    }
}
