package org.residuallab.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.Dropout;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Loss;
import org.residuallab.nn.Model;
import org.residuallab.nn.Param;

/**
 * Checks hand-written backward passes against finite differences in float64. A layer is checked on
 * L = Σ out ⊙ R for a fixed random R (so backward starts from dOut = R); a loss and a model on their
 * own loss. Every input and trainable parameter entry is nudged by ±h and ±2h and the slope taken by
 * the fourth-order central difference (8(L₊₁ − L₋₁) − (L₊₂ − L₋₂)) / 12h, h = 3e-4 by default.
 * Dropout masks are frozen (re-seeded before each forward); a step that flips the sign of a ReLU
 * input is retried with h/10 and h/100, then skipped. Parameters are cast to float64 and restored after.
 * <pre>GradReport r = GradCheck.layer(new MySigmoid()).run();
 * System.out.println(r);   // one line per gradient: max relative error, ok/FAIL, worst entry</pre>
 */
public final class GradCheck {
    /** The largest relative error that passes. */
    public static final double TOLERANCE = 1e-6;

    private String item;
    private Layer layer;
    private Model model;
    private Loss loss;
    private INDArray input, target;
    private int batch = 6, width = 5;
    private long seed = 1;
    private double step = 3e-4, tolerance = TOLERANCE;
    private int sample;

    private GradCheck() {}

    /** Checks a layer's dX and every trainable parameter's gradient, in the layer's current mode. */
    public static GradCheck layer(Layer layer) {
        if (layer == null) throw new IllegalArgumentException("GradCheck.layer: layer is null");
        GradCheck c = new GradCheck();
        c.layer = layer;
        c.item = layer.kind() + (layer.params().stream().anyMatch(p -> !p.trainable()) || layer instanceof Dropout
                ? (layer.isTraining() ? " (train)" : " (eval)") : "");
        return c;
    }

    /** Checks a loss's dPrediction at prediction (B, K) and target (B, K). */
    public static GradCheck loss(Loss loss, INDArray prediction, INDArray target) {
        GradCheck c = new GradCheck();
        c.loss = loss;
        c.item = loss.name();
        c.input = prediction;
        c.target = target;
        return c;
    }

    /** Checks a model's dX and every parameter gradient of its loss at x (B, in), y (B, out). */
    public static GradCheck model(Model model, INDArray x, INDArray y) {
        GradCheck c = new GradCheck();
        c.model = model;
        c.item = "model " + model.name();
        c.input = x;
        c.target = y;
        return c;
    }

    /** The name printed for this item. */
    public GradCheck name(String item) { this.item = item; return this; }

    /** The input batch (B, in) for a layer; without it a random (batch, width) one is drawn. */
    public GradCheck input(INDArray x) { this.input = x; return this; }

    /** The shape of the random input batch when none is given (width defaults to the layer's). */
    public GradCheck inputShape(int batch, int width) { this.batch = batch; this.width = width; return this; }

    /** Seeds the random input, the projection R and the sampled entries. */
    public GradCheck seed(long seed) { this.seed = seed; return this; }

    /** The finite-difference step h (default 3e-4: the fourth-order error h⁴ and the rounding error eps/h both stay near 1e-10). */
    public GradCheck step(double h) { this.step = h; return this; }

    public GradCheck tolerance(double tol) { this.tolerance = tol; return this; }

    /** Checks at most n random entries of each array (0 = all), for big layers. */
    public GradCheck sample(int n) { this.sample = n; return this; }

    public GradReport run() {
        if (!(step > 0 && step < 1)) throw new IllegalArgumentException("finite-difference step must be in (0, 1) but was " + step);
        Random rng = new Random(seed);
        if (loss != null) return runLoss();
        Layer root = layer != null ? layer : model.net();
        if (model != null) model.dtype(DataType.DOUBLE); else root.castTo(DataType.DOUBLE);
        INDArray x = input != null ? input.castTo(DataType.DOUBLE).dup() : randomInput(root, rng);
        List<Param> params = root.params();
        List<INDArray> saved = new ArrayList<>();
        for (Param p : params) saved.add(p.value().dup());
        List<Dropout> dropouts = new ArrayList<>();
        collectDropouts(root, dropouts);
        try (KinkWatch kinks = KinkWatch.on(root)) {
            double[] weights;
            Supplier<double[]> f;
            double[] dX;
            for (Param p : params) p.zeroGrad();
            if (model != null) {
                INDArray y = target.castTo(DataType.DOUBLE);
                reseed(dropouts);
                model.lossAndBackward(x, y);
                dX = flat(root.lastInputGradient());
                weights = new double[] {1};
                f = () -> { reseed(dropouts); return new double[] {model.evaluateLoss(x, y)}; };
            } else {
                reseed(dropouts);
                INDArray out = layer.forward(x);
                INDArray r = gaussian(rng, out.shape());
                weights = flat(r);
                dX = flat(layer.backward(r));
                f = () -> { reseed(dropouts); return flat(layer.forward(x)); };
            }
            kinks.freeze();
            List<Gradient> grads = new ArrayList<>();
            grads.add(numeric("dX", x, dX, f, weights, kinks, rng));
            for (Param p : params) {
                if (p.trainable()) grads.add(numeric(p.path(), p.value(), flat(p.grad()), f, weights, kinks, rng));
            }
            return report(grads);
        } finally {
            for (int i = 0; i < params.size(); i++) params.get(i).value().assign(saved.get(i));
        }
    }

    private GradReport runLoss() {
        INDArray pred = input.castTo(DataType.DOUBLE).dup();
        loss.forward(pred, target);
        double[] analytic = flat(loss.backward());
        Supplier<double[]> f = () -> new double[] {loss.forward(pred, target)};
        return report(List.of(numeric("dPrediction", pred, analytic, f, new double[] {1}, KinkWatch.on(null), new Random(seed))));
    }

    /** One gradient: its analytic values and the numeric estimates at the sampled entries. */
    private record Gradient(String quantity, long[] shape, double[] analytic, double[] numeric, int[] indices) {}

    private Gradient numeric(String quantity, INDArray theta, double[] analytic, Supplier<double[]> f,
                             double[] weights, KinkWatch kinks, Random rng) {
        int[] idx = entries((int) theta.length(), rng);
        double[] numeric = new double[idx.length];
        for (int k = 0; k < idx.length; k++) numeric[k] = slope(theta, idx[k], f, weights, kinks);
        return new Gradient(quantity, theta.shape(), analytic, numeric, idx);
    }

    private GradReport report(List<Gradient> grads) {
        double scale = 0;
        for (Gradient g : grads) scale = Math.max(scale, GradResult.scale(g.analytic(), g.numeric()));
        List<GradResult> results = new ArrayList<>();
        for (Gradient g : grads) {
            results.add(GradResult.compare(item, g.quantity(), g.shape(), g.analytic(), g.numeric(), g.indices(), scale, tolerance));
        }
        return new GradReport(item, results);
    }

    /** d(Σ_j w_j f_j)/dθ_i by the fourth-order central difference; NaN if every step crossed a kink. */
    private double slope(INDArray theta, int i, Supplier<double[]> f, double[] w, KinkWatch kinks) {
        double v = theta.getDouble(i);
        try {
            for (double h = step; h >= step / 100 * 0.999; h /= 10) {
                kinks.reset();
                double[] p1 = at(theta, i, v + h, f), m1 = at(theta, i, v - h, f);
                double[] p2 = at(theta, i, v + 2 * h, f), m2 = at(theta, i, v - 2 * h, f);
                if (kinks.crossed()) continue;
                double s = 0;
                for (int j = 0; j < w.length; j++) s += w[j] * (8 * (p1[j] - m1[j]) - (p2[j] - m2[j]));
                return s / (12 * h);
            }
            return Double.NaN;
        } finally {
            theta.putScalar(i, v);
        }
    }

    private static double[] at(INDArray theta, int i, double value, Supplier<double[]> f) {
        theta.putScalar(i, value);
        return f.get();
    }

    private int[] entries(int n, Random rng) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        if (sample <= 0 || n <= sample) return all;
        for (int i = 0; i < sample; i++) {
            int j = i + rng.nextInt(n - i);
            int t = all[i]; all[i] = all[j]; all[j] = t;
        }
        int[] picked = Arrays.copyOf(all, sample);
        Arrays.sort(picked);
        return picked;
    }

    private INDArray randomInput(Layer root, Random rng) {
        int w = root.inputWidth() >= 0 ? root.inputWidth() : width;
        double[] v = new double[batch * w];
        for (int i = 0; i < v.length; i++) {
            double g = rng.nextGaussian();
            v[i] = g >= 0 ? g + 0.1 : g - 0.1; // away from 0, where ReLU has its kink
        }
        return Nd4j.create(v, new long[] {batch, w}, DataType.DOUBLE);
    }

    private static INDArray gaussian(Random rng, long[] shape) {
        double[] v = new double[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < v.length; i++) v[i] = rng.nextGaussian();
        return Nd4j.create(v, shape, DataType.DOUBLE);
    }

    static double[] flat(INDArray a) {
        return a.dup('c').castTo(DataType.DOUBLE).data().asDouble();
    }

    private static void collectDropouts(Layer l, List<Dropout> out) {
        if (l instanceof Dropout) out.add((Dropout) l);
        for (Layer c : l.children()) collectDropouts(c, out);
    }

    private static void reseed(List<Dropout> dropouts) {
        for (int i = 0; i < dropouts.size(); i++) dropouts.get(i).init(new Random(7919L * (i + 1)));
    }
}
