package org.residuallab.probe;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.CausalSelfAttention;
import org.residuallab.nn.Layer;
import org.residuallab.nn.fast.Kernels;

/**
 * How spread out each head's attention is: the entropy −Σ_s a_ts·ln a_ts of the weights with which query
 * position t looks at positions s ≤ t, averaged over the batch and t, in nats. Recorded on forward for
 * every {@link CausalSelfAttention} in a unit, one row per head ({@code attn_entropy}, layer
 * {@code block2/attn/body/attention/head1} ...), and once per layer the entropy of attending evenly to all
 * visible positions, the most it can be ({@code attn_entropy_uniform}: ln(t + 1) averaged over t).
 * A head near the uniform value averages its past; one near 0 looks at a single position.
 */
public final class AttentionEntropy implements Probe {
    /** Mean entropy of one head's attention rows (nats); layer = the attention's path + "/head" + h (from 1). */
    public static final String ATTN_ENTROPY = "attn_entropy";
    /** The entropy of even attention over the visible positions, mean over t of ln(t + 1). */
    public static final String ATTN_ENTROPY_UNIFORM = "attn_entropy_uniform";

    /** Every causal self-attention layer in the unit. */
    @Override
    public List<Layer> watch(Unit unit) {
        List<Layer> out = new ArrayList<>();
        collect(unit.layer(), out);
        return out;
    }

    private static void collect(Layer l, List<Layer> out) {
        if (l instanceof CausalSelfAttention) out.add(l);
        for (Layer c : l.children()) collect(c, out);
    }

    @Override
    public void onForward(ProbeContext at, INDArray x, INDArray out) {
        INDArray att = ((CausalSelfAttention) at.layer()).weights();   // (B, nh, T, T)
        double[] h = perHead(att);
        for (int k = 0; k < h.length; k++) at.record(at.layer().path() + "/head" + (k + 1), ATTN_ENTROPY, h[k]);
        at.record(ATTN_ENTROPY_UNIFORM, SequenceStats.uniformEntropy((int) att.size(2)));
    }

    /** The mean entropy of each head's attention rows, att (B, nh, T, T) as {@link CausalSelfAttention#weights()} gives it. */
    public static double[] perHead(INDArray att) {
        if (att == null || att.rank() != 4 || att.size(2) != att.size(3)) {
            throw new IllegalArgumentException("attention weights must have shape (B, heads, T, T) but got "
                    + (att == null ? "null" : org.residuallab.nn.Shapes.str(att.shape())));
        }
        return SequenceStats.headEntropies(Kernels.toDoubles(att), (int) att.size(0), (int) att.size(1), (int) att.size(2));
    }
}
