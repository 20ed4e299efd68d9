package org.residuallab.probe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers that tell vanishing from preserved gradients at a glance, from the first recorded step
 * (step 0 for a fresh model): the weight-gradient L2 norm of every unit, input side first
 * ({@code weight_grad_norm_by_layer}), and {@code grad_ratio_first_to_last} = first hidden block's norm
 * ÷ last hidden block's. A deep plain sigmoid net gives a ratio far below 1; a residual net one near 1.
 *
 * @param model                 the model's name
 * @param step                  the step the numbers come from
 * @param layers                unit names (e.g. dense1, block1 .. block20, dense2), input side first
 * @param layerIndices          their layer_index values
 * @param weightGradNorms       weight_grad_l2 of each unit, parallel to {@code layers}
 * @param blocks                the hidden blocks among {@code layers}, input side first
 * @param gradRatioFirstToLast  first block's weight_grad_l2 ÷ last block's (NaN without blocks)
 */
public record GradientSummary(String model, long step, List<String> layers, List<Integer> layerIndices,
                              List<Double> weightGradNorms, List<String> blocks, double gradRatioFirstToLast) {

    /** weight_grad_l2 of the first hidden block (NaN without blocks). */
    public double firstBlockNorm() {
        return blocks.isEmpty() ? Double.NaN : byLayer().get(blocks.get(0));
    }

    /** weight_grad_l2 of the last hidden block (NaN without blocks). */
    public double lastBlockNorm() {
        return blocks.isEmpty() ? Double.NaN : byLayer().get(blocks.get(blocks.size() - 1));
    }

    /** {@code weight_grad_norm_by_layer}: unit name → weight-gradient L2 norm, input side first. */
    public Map<String, Double> byLayer() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) m.put(layers.get(i), weightGradNorms.get(i));
        return Collections.unmodifiableMap(m);
    }

    static GradientSummary of(ProbeLog log, List<Unit> units) {
        long first = Long.MAX_VALUE;
        for (int i = 0; i < log.size(); i++) {
            if (log.metric(i).equals(ProbeMetrics.WEIGHT_GRAD_L2)) first = Math.min(first, log.step(i));
        }
        if (first == Long.MAX_VALUE) {
            throw new IllegalStateException("no weight-gradient norms recorded for model '" + log.model()
                    + "': attach Probes.gradients() (or Probes.all()) and run at least one training step");
        }
        Map<String, Double> norms = new LinkedHashMap<>();
        for (int i = 0; i < log.size(); i++) {
            if (log.step(i) == first && log.metric(i).equals(ProbeMetrics.WEIGHT_GRAD_L2)) norms.put(log.layer(i), log.value(i));
        }
        List<String> layers = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<String> blocks = new ArrayList<>();
        double firstBlock = Double.NaN, lastBlock = Double.NaN;
        for (Unit u : units) {
            Double v = norms.get(u.name());
            if (v == null) continue;
            layers.add(u.name());
            indices.add(u.index());
            values.add(v);
            if (u.isBlock()) {
                blocks.add(u.name());
                if (Double.isNaN(firstBlock)) firstBlock = v;
                lastBlock = v;
            }
        }
        double ratio = blocks.isEmpty() ? Double.NaN
                : GradientFlow.firstToLast(ProbeTables.scalars(log), log.model(), ProbeMetrics.WEIGHT_GRAD_L2, first);
        return new GradientSummary(log.model(), first, List.copyOf(layers), List.copyOf(indices), List.copyOf(values),
                List.copyOf(blocks), ratio);
    }
}
