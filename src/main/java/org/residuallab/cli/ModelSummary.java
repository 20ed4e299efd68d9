package org.residuallab.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.residuallab.nn.Model;
import org.residuallab.probe.GradientSummary;
import org.residuallab.train.TrainResult;

/**
 * One model's entry in summary.json: how it was built (the keys its configuration has), its weight-gradient norms at the first recorded
 * step (input side first) and their first-to-last ratio, and after training its final numbers.
 */
final class ModelSummary {
    private ModelSummary() {}

    // what built the model, as far as its configuration says: MLPs, ResNets (shortcut) and transformers (variant, heads, ...)
    private static final List<String> RECIPE = List.of("block", "depth", "width", "activation", "init", "layers_per_block", "batch_norm",
            "shortcut", "variant", "heads", "context", "vocab", "seed");

    static Map<String, Object> of(Model model, GradientSummary g, TrainResult r) {
        return of(model.name(), model.config(), g, r);
    }

    /** From a model's name and build configuration (as in {@code Model.config()} or {@code TrainResult.config()}). */
    static Map<String, Object> of(String name, Map<String, Object> c, GradientSummary g, TrainResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        for (String key : RECIPE) if (c.containsKey(key)) m.put(key, c.get(key));
        if (g != null) {
            m.put("weight_grad_step", g.step());
            List<Map<String, Object>> layers = new ArrayList<>();
            for (int i = 0; i < g.layers().size(); i++) {
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("layer", g.layers().get(i));
                l.put("layer_index", g.layerIndices().get(i));
                l.put("norm", g.weightGradNorms().get(i));
                layers.add(l);
            }
            m.put("weight_grad_norm_by_layer", layers);
            m.put("grad_ratio_first_to_last", g.gradRatioFirstToLast());
        }
        if (r != null) {
            m.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
            if (!r.message().isEmpty()) m.put("message", r.message());
            m.put("steps_done", r.stepsDone());
            m.put("seconds", r.seconds());
            m.put("final_train_loss", r.finalTrainLoss());
            r.finalTrainAccuracy().ifPresent(a -> m.put("final_train_accuracy", a));
            r.finalTestLoss().ifPresent(a -> m.put("final_test_loss", a));
            r.finalTestAccuracy().ifPresent(a -> m.put("final_test_accuracy", a));
        }
        return m;
    }

    /** The key numbers of a summary entry, for the index.html table. */
    static Map<String, Object> keyNumbers(Map<String, Object> s) {
        Map<String, Object> k = new LinkedHashMap<>();
        for (String f : List.of("name", "block", "depth", "grad_ratio_first_to_last", "final_train_loss", "final_train_accuracy",
            "final_test_accuracy", "status")) {
            if (s.containsKey(f)) k.put(f, s.get(f));
        }
        return k;
    }
}
