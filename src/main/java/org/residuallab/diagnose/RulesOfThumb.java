package org.residuallab.diagnose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.residuallab.train.TrainResult;
import tech.tablesaw.api.Table;

/**
 * The rules of thumb of Deeplearning4j's training UI ("Visualizing Network Training") and Karpathy's
 * makemore part 3, applied to a run's probe table. Each rule gives one {@link Finding} per layer:
 * <table>
 * <caption>Rules</caption>
 * <tr><th>rule</th><th>value</th><th>ok when</th><th>source</th></tr>
 * <tr><td>loss_trend</td><td>final train loss ÷ loss at step 0 (highest ÷ initial when it rose)</td><td>below 0.5;
 *     high when any evaluation rose above 1.1 × the initial loss (learning rate too high), low when the loss fell by
 *     less than half (flat)</td><td>DL4J's score chart advice; thresholds ours</td></tr>
 * <tr><td>update_ratio</td><td>median over steps of log10 std(update)/std(W), per weight matrix</td><td>in [−4, −2]
 *     (around −3)</td><td>DL4J (which uses mean magnitudes) and Karpathy</td></tr>
 * <tr><td>activation_std</td><td>std of each tanh/ReLU-like activation at the last recorded step</td><td>in [0.5, 2]</td>
 *     <td>DL4J; not applied to sigmoids (their output std is at most 0.5)</td></tr>
 * <tr><td>saturation</td><td>saturated (sigmoid, tanh) or dead (ReLU) fraction at the last recorded step</td>
 *     <td>at most 0.25</td><td>Karpathy's measure; threshold ours</td></tr>
 * <tr><td>gradient_spread</td><td>weight-gradient norm of the first hidden block ÷ the last, at the last recorded
 *     step</td><td>in [1/100, 100]</td><td>DL4J's "watch for vanishing or exploding gradients"; thresholds ours</td></tr>
 * </table>
 * They are rough guides, as DL4J says: a run can break one and still learn.
 * <pre>Checkup c = RulesOfThumb.check(result, probes.table());   // needs Probes.all() (or gradients + activations + update ratio)</pre>
 */
public final class RulesOfThumb {
    public static final double UPDATE_LOW = -4, UPDATE_HIGH = -2, STD_LOW = 0.5, STD_HIGH = 2, SATURATED = 0.25,
            SPREAD = 100, FLAT = 0.5, RISING = 1.1;
    private static final String DL4J = "DL4J", OURS = "; threshold ours";

    private RulesOfThumb() {}

    /** Applies every rule to the model of {@code result} (its loss curve and its rows of {@code probes}). */
    public static Checkup check(TrainResult result, Table probes) {
        if (result == null) throw new IllegalArgumentException("check needs the training result (for the loss trend)");
        Checkup c = check(result.model(), probes);
        List<Finding> all = new ArrayList<>();
        all.add(lossTrend(result));
        all.addAll(c.findings());
        return new Checkup(c.model(), all);
    }

    /** Applies the rules that need only probes to {@code model}'s rows of {@code probes}. */
    public static Checkup check(String model, Table probes) {
        Map<String, Map<String, TreeMap<Long, Double>>> m = read(model, probes);   // metric -> layer -> step -> value
        List<Finding> out = new ArrayList<>();
        m.getOrDefault("update_ratio_log10", Map.of()).forEach((layer, v) -> {
            if (!layer.endsWith("/W")) return;
            double med = median(v.values());
            out.add(new Finding(model, "update_ratio", layer, med, band(med, UPDATE_LOW, UPDATE_HIGH), DL4J + ", Karpathy",
                    med < UPDATE_LOW ? "updates under 1/10000 of the weights: this layer learns too slowly — raise the learning rate, or find out why its gradient is small"
                            : med > UPDATE_HIGH ? "updates over 1/100 of the weights: too unstable to learn — lower the learning rate" : ""));
        });
        m.getOrDefault("act_std", Map.of()).forEach((layer, v) -> {
            if (layer.contains("sigmoid")) return;
            double s = v.lastEntry().getValue();
            out.add(new Finding(model, "activation_std", layer, s, band(s, STD_LOW, STD_HIGH), DL4J,
                    s < STD_LOW ? "activations vanishing: check the initialisation, regularisation and data normalisation"
                            : s > STD_HIGH ? "activations exploding: check the initialisation and the learning rate" : ""));
        });
        for (String metric : List.of("act_saturation", "act_dead")) {
            m.getOrDefault(metric, Map.of()).forEach((layer, v) -> {
                double f = v.lastEntry().getValue();
                out.add(new Finding(model, "saturation", layer, f, f > SATURATED ? Finding.HIGH : Finding.OK, "Karpathy" + OURS,
                        f > SATURATED ? (metric.equals("act_dead") ? "many dead ReLUs" : "many saturated units")
                                + ": they pass almost no gradient — lower the learning rate or shrink the initial weights" : ""));
            });
        }
        out.addAll(spread(model, m.getOrDefault("weight_grad_l2", Map.of())));
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no probe rows for model '" + model + "': attach Probes.all() to it and train a few steps");
        }
        return new Checkup(model, out);
    }

    /**
     * Final train loss ÷ the batch loss at step 0: high ("rose") when the run diverged or any evaluation's
     * train loss went above {@link #RISING} × the initial loss (the value is then the highest ÷ initial),
     * low ("flat") when the loss did not fall below {@link #FLAT} × the initial loss.
     */
    static Finding lossTrend(TrainResult r) {
        double[] losses = r.history().losses();
        double first = losses.length == 0 ? Double.NaN : losses[0];
        double highest = r.history().evaluations().stream().mapToDouble(e -> e.trainLoss()).max().orElse(Double.NaN);
        boolean rose = r.status() == TrainResult.Status.DIVERGED || highest > RISING * first;
        double ratio = r.status() == TrainResult.Status.DIVERGED ? Double.POSITIVE_INFINITY : (rose ? highest : r.finalTrainLoss()) / first;
        String verdict = rose ? Finding.HIGH : ratio > FLAT ? Finding.LOW : Finding.OK;
        return new Finding(r.model(), "loss_trend", "", ratio, verdict, DL4J + OURS,
                rose ? "the loss rose: the learning rate is probably too high"
                        : ratio > FLAT ? "the loss hardly fell: the learning rate may be too low, or the net is hard to optimise" : "");
    }

    /** First hidden block's weight-gradient norm ÷ the last's (blocks are layer_index 1..depth), at the last recorded step. */
    private static List<Finding> spread(String model, Map<String, TreeMap<Long, Double>> norms) {
        List<String> blocks = new ArrayList<>(norms.keySet());
        blocks.removeIf(l -> !l.startsWith("block") || l.contains("/"));
        if (blocks.size() < 2) return List.of();
        blocks.sort((a, b) -> Integer.compare(number(a), number(b)));
        String first = blocks.get(0), last = blocks.get(blocks.size() - 1);
        double ratio = norms.get(first).lastEntry().getValue() / norms.get(last).lastEntry().getValue();
        return List.of(new Finding(model, "gradient_spread", first + "/" + last, ratio, band(ratio, 1 / SPREAD, SPREAD), DL4J + OURS,
                ratio < 1 / SPREAD ? "gradients vanish on the way to the input: the first layers hardly learn"
                        : ratio > SPREAD ? "gradients explode on the way to the input" : ""));
    }

    private static int number(String block) {
        String digits = block.replaceAll("\\D", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }

    private static Map<String, Map<String, TreeMap<Long, Double>>> read(String model, Table t) {
        if (t == null) throw new IllegalArgumentException("check needs a probe table, got null");
        for (String c : List.of("model", "step", "layer", "layer_index", "metric", "value")) {
            if (!t.containsColumn(c)) throw new IllegalArgumentException("table '" + t.name() + "' has no column '" + c + "': pass a probe table (ProbeSession.table())");
        }
        Table rows = t.where(t.stringColumn("model").isEqualTo(model)).sortAscendingOn("layer_index");
        Map<String, Map<String, TreeMap<Long, Double>>> m = new LinkedHashMap<>();
        for (int i = 0; i < rows.rowCount(); i++) {
            double v = rows.doubleColumn("value").getDouble(i);
            if (Double.isNaN(v)) continue;
            m.computeIfAbsent(rows.stringColumn("metric").get(i), k -> new LinkedHashMap<>())
                    .computeIfAbsent(rows.stringColumn("layer").get(i), k -> new TreeMap<>())
                    .put((long) rows.intColumn("step").getInt(i), v);
        }
        return m;
    }

    private static String band(double v, double lo, double hi) {
        return v < lo ? Finding.LOW : v > hi ? Finding.HIGH : Finding.OK;
    }

    /** The median of {@code values} (the mean of the middle two for an even count), NaN for none. */
    public static double median(java.util.Collection<Double> values) {
        double[] a = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = a.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }
}
