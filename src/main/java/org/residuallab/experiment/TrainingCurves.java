package org.residuallab.experiment;

import org.residuallab.nn.Shapes;
import org.residuallab.train.History;
import org.residuallab.train.TrainResult;

/**
 * Numbers from the logged batch losses of a training run: the mean over the first or last n logged steps
 * (less noisy than one batch) and a moving average for plotting.
 * <pre>double early = TrainingCurves.meanFirst(result, 20), late = TrainingCurves.meanLast(result, 20);</pre>
 */
public final class TrainingCurves {
    private TrainingCurves() {}

    /** Mean batch loss over the first {@code n} logged steps. */
    public static double meanFirst(TrainResult r, int n) {
        double[] l = losses(r, n);
        return mean(l, 0, n);
    }

    /** Mean batch loss over the last {@code n} logged steps. */
    public static double meanLast(TrainResult r, int n) {
        double[] l = losses(r, n);
        return mean(l, l.length - n, l.length);
    }

    /** Moving average of the logged batch losses over {@code window} steps (shorter at the start), one value per logged step. */
    public static double[] smoothed(TrainResult r, int window) {
        Shapes.require(window >= 1, "window", window, ">= 1");
        double[] l = r.history().losses(), out = new double[l.length];
        double sum = 0;
        for (int i = 0; i < l.length; i++) {
            sum += l[i];
            if (i >= window) sum -= l[i - window];
            out[i] = sum / Math.min(i + 1, window);
        }
        return out;
    }

    /** The logged steps (the model's step numbers) as doubles, parallel to {@link #smoothed}. */
    public static double[] steps(TrainResult r) {
        long[] s = r.history().steps();
        double[] out = new double[s.length];
        for (int i = 0; i < s.length; i++) out[i] = s[i];
        return out;
    }

    private static double[] losses(TrainResult r, int n) {
        if (r == null) throw new IllegalArgumentException("train result must not be null");
        History h = r.history();
        if (n < 1 || n > h.size()) {
            throw new IllegalArgumentException("run '" + r.model() + "' logged " + h.size() + " losses; cannot average over " + n
                    + (r.status() == TrainResult.Status.DIVERGED ? " (it diverged: " + r.message() + ")" : ""));
        }
        return h.losses();
    }

    private static double mean(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += v[i];
        return s / (to - from);
    }
}
