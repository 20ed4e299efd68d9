package org.residuallab.probe;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Layer;
import org.residuallab.nn.fast.Kernels;

/**
 * Rank collapse (Dong, Cordonnier and Loukas 2021, "Attention is not all you need: pure attention loses
 * rank doubly exponentially with depth"): how far the tokens of a sequence still differ from one another.
 * For each example's token matrix X (T, C),
 * <pre>res(X) = X − 1·x̄ᵀ     x̄ = the mean of the T tokens (the x minimising ‖X − 1·xᵀ‖_F)
 * res_ratio = ‖res(X)‖_F / ‖X‖_F      averaged over the batch</pre>
 * 1 when the tokens average to zero, 0 when every token is the same vector (X has rank 1: the
 * sequence has collapsed). The paper's theory measures res with a composite ℓ1/ℓ∞ norm; this is the
 * Frobenius version. Recorded on forward, as {@code res_ratio}, for every unit and transformer sub-block
 * whose output is a sequence (B, T, C) with T ≥ 2, from the embedding on (the head, which changes the
 * last axis to logits, gives none).
 * <pre>double r = RankCollapse.ratio(x);   // x (B, T, C)</pre>
 */
public final class RankCollapse implements Probe {
    /** ‖X − 1·x̄ᵀ‖_F / ‖X‖_F per example, averaged over the batch. */
    public static final String RES_RATIO = "res_ratio";

    /** The unit and, for a transformer block, its attention and MLP sub-blocks. */
    @Override
    public List<Layer> watch(Unit unit) {
        return ResidualStream.withSubBlocks(unit);
    }

    // x (B, T, C) or token ids (B, T) -> h (B, T, C)
    @Override
    public void onForward(ProbeContext at, INDArray x, INDArray h) {
        if (h.rank() != 3 || h.size(1) < 2) return;
        if (x.rank() == 3 && !Arrays.equals(x.shape(), h.shape())) return; // the head: the stream becomes logits
        at.record(RES_RATIO, ratio(h));
    }

    /** res(X)/‖X‖ of a batch of sequences x (B, T, C), averaged over the batch. */
    public static double ratio(INDArray x) {
        if (x == null || x.rank() != 3) {
            throw new IllegalArgumentException("rank collapse needs a batch of token matrices (B, T, C) but got "
                    + (x == null ? "null" : org.residuallab.nn.Shapes.str(x.shape())));
        }
        return SequenceStats.resRatio(Kernels.toDoubles(x), (int) x.size(0), (int) x.size(1), (int) x.size(2));
    }
}
