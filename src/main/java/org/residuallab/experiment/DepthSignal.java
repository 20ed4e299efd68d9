package org.residuallab.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Model;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Signal size at initialisation versus depth, for several recipes: for each depth L, a fresh model's
 * {@value #GRADIENT} (‖dL/dx₀‖ ÷ ‖dL/dx_L‖, the gradient reaching the first block relative to what left the
 * last, from {@link SignalProfile}), {@value #ACTIVATIONS} (std of x_L ÷ std of x₀) and, for residual
 * recipes, {@value #SKIP_PATH}: the same ratio for the one path that takes every skip and no branch
 * ({@link PathGradients}, length 0), which is ∏λ for identity shortcuts (He et al. 2016, Eq. 7).
 * <pre>DepthSignal.Result r = DepthSignal.over(2, 4, 8, 16, 32).data(x, y)
 *         .model("λ = 0.5", d -&gt; BlockStack.of(d, i -&gt; Blocks.preActivation(32, Init.he())).shortcutScale(0.5).inputs(16).outputs(4).build())
 *         .run();
 * r.values("λ = 0.5", DepthSignal.SKIP_PATH);</pre>
 */
public final class DepthSignal {
    public static final String GRADIENT = "gradient_first_over_last";
    public static final String ACTIVATIONS = "activation_last_over_first";
    public static final String SKIP_PATH = "skip_path_first_over_last";

    private final int[] depths;
    private final Map<String, IntFunction<Model>> recipes = new LinkedHashMap<>();
    private INDArray x, y;

    private DepthSignal(int[] depths) {
        if (depths.length == 0) throw new IllegalArgumentException("DepthSignal needs at least one depth");
        for (int d : depths) if (d < 1) throw new IllegalArgumentException("depths must be >= 1 but got " + d);
        this.depths = depths.clone();
    }

    public static DepthSignal over(int... depths) {
        return new DepthSignal(depths);
    }

    /** A recipe: {@code build.apply(depth)} returns a fresh model with that many blocks. */
    public DepthSignal model(String label, IntFunction<Model> build) {
        if (label == null || label.isBlank() || build == null) throw new IllegalArgumentException("a recipe needs a label and a build function");
        if (recipes.put(label, build) != null) throw new IllegalArgumentException("recipe '" + label + "' was added twice");
        return this;
    }

    /** The batch: x (B, in), targets y (B, K). */
    public DepthSignal data(INDArray x, INDArray y) {
        this.x = x;
        this.y = y;
        return this;
    }

    public Result run() {
        if (x == null || y == null) throw new IllegalStateException("no data: call data(x, y) before run()");
        if (recipes.isEmpty()) throw new IllegalStateException("no recipes: call model(label, depth -> model) before run()");
        Result r = new Result(depths);
        for (Map.Entry<String, IntFunction<Model>> e : recipes.entrySet()) {
            for (int i = 0; i < depths.length; i++) {
                Model m = e.getValue().apply(depths[i]);
                if (m.blocks().size() != depths[i]) {
                    throw new IllegalArgumentException("recipe '" + e.getKey() + "' built " + m.blocks().size() + " blocks for depth " + depths[i]);
                }
                SignalProfile p = SignalProfile.of(x, y, m);
                r.put(e.getKey(), GRADIENT, i, p.firstOverLast(m.name(), SignalProfile.BACKPROP));
                r.put(e.getKey(), ACTIVATIONS, i, p.lastOverFirst(m.name(), SignalProfile.ACTIVATION_STD));
                if (isResidual(m)) {
                    PathGradients.Result path = PathGradients.of(m).data(x, y).lengths(0).training(true).run();
                    r.put(e.getKey(), SKIP_PATH, i, path.meanNorm(0) / path.topNorm());
                }
            }
        }
        return r;
    }

    /** scale · base^x for each x: a prediction to draw beside a measurement, e.g. {@code powers(1, 0.5, depths)} for 0.5^L. */
    public static double[] powers(double scale, double base, double[] exponents) {
        double[] out = new double[exponents.length];
        for (int i = 0; i < out.length; i++) out[i] = scale * Math.pow(base, exponents[i]);
        return out;
    }

    private static boolean isResidual(Model m) {
        return m.blocks().stream().allMatch(b -> b instanceof org.residuallab.nn.ResidualBlock);
    }

    /** The measured ratios by recipe, metric and depth. */
    public static final class Result {
        private final int[] depths;
        private final Map<String, Map<String, double[]>> values = new LinkedHashMap<>();

        Result(int[] depths) {
            this.depths = depths;
        }

        void put(String label, String metric, int i, double v) {
            values.computeIfAbsent(label, k -> new LinkedHashMap<>()).computeIfAbsent(metric, k -> {
                double[] a = new double[depths.length];
                java.util.Arrays.fill(a, Double.NaN);
                return a;
            })[i] = v;
        }

        public int[] depths() { return depths.clone(); }

        /** The depths as doubles, for plotting. */
        public double[] depthAxis() {
            double[] d = new double[depths.length];
            for (int i = 0; i < d.length; i++) d[i] = depths[i];
            return d;
        }

        public List<String> labels() { return new ArrayList<>(values.keySet()); }

        /** One metric of one recipe, one value per depth. */
        public double[] values(String label, String metric) {
            Map<String, double[]> m = values.get(label);
            if (m == null) throw new IllegalArgumentException("no recipe '" + label + "'; recipes: " + values.keySet());
            double[] v = m.get(metric);
            if (v == null) throw new IllegalArgumentException("recipe '" + label + "' has no metric '" + metric + "'; it has " + m.keySet());
            return v.clone();
        }

        /** One value: the metric of a recipe at a depth that was measured. */
        public double value(String label, String metric, int depth) {
            for (int i = 0; i < depths.length; i++) if (depths[i] == depth) return values(label, metric)[i];
            throw new IllegalArgumentException("depth " + depth + " was not measured; depths: " + java.util.Arrays.toString(depths));
        }

        /** Tidy table {@code model, depth, metric, value}. */
        public Table table() {
            StringColumn model = StringColumn.create("model"), metric = StringColumn.create("metric");
            IntColumn depth = IntColumn.create("depth");
            DoubleColumn value = DoubleColumn.create("value");
            values.forEach((label, byMetric) -> byMetric.forEach((name, v) -> {
                for (int i = 0; i < v.length; i++) {
                    model.append(label);
                    depth.append(depths[i]);
                    metric.append(name);
                    value.append(v[i]);
                }
            }));
            return Table.create("signal by depth", model, depth, metric, value);
        }
    }
}
