package org.residuallab.experiment;

import org.residuallab.data.Dataset;
import org.residuallab.nn.Model;
import org.residuallab.probe.ProbeSession;
import org.residuallab.probe.Probes;
import tech.tablesaw.api.Table;

/**
 * Probes a model, fresh or trained, on one batch: one forward and backward pass in training mode with the
 * probes attached, then the gradients are zeroed. No optimizer step is taken, so the weights do not change;
 * the model's step counter advances by one. (For a fresh model, {@code AtInit.probe} does the same.)
 * <pre>Table t = OnePass.probe(trained, batch, Probes.of(new AttentionEntropy()));</pre>
 */
public final class OnePass {
    private OnePass() {}

    public static Table probe(Model model, Dataset batch, Probes probes) {
        if (model == null || batch == null || probes == null) throw new IllegalArgumentException("OnePass needs a model, a batch and probes");
        try (ProbeSession s = probes.every(1).attach(model)) {
            model.lossAndBackward(batch.features(), batch.targets());
            return s.table();
        } finally {
            model.zeroGrad();
        }
    }
}
