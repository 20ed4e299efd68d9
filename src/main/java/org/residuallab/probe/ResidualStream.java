package org.residuallab.probe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Block;
import org.residuallab.nn.Layer;
import org.residuallab.nn.fast.Kernels;

/**
 * The residual stream (nanoGPT's {@code x = x + self.attn(self.ln_1(x))}): every block reads the stream x
 * and adds what it writes into it. On forward it records, per unit, the size of the stream after the unit,
 * {@code stream_norm} = the mean over tokens of ‖h_t‖₂, and the size of what the unit wrote,
 * {@code write_norm} = the mean over tokens of ‖h_t − x_t‖₂ (for a residual block that is ‖α·F(x)_t‖;
 * for a post-LN block, LN(x + F(x)) − x, what the LayerNorm left of the change). A token is a vector
 * along the last axis of a (B, T, C) or (B, C) array.
 * <p>Rows come from the first unit (it creates the stream: the token embedding, an MLP's stem) and from
 * every unit whose output has its input's shape (positions, blocks, a final LayerNorm); the head, which
 * maps the stream to logits, gives none. A transformer block's two sub-blocks get rows of their own
 * ({@code block2/attn}, {@code block2/mlp}). Convolutional units (B, C, H, W) give none.
 * <pre>try (ProbeSession s = Probes.of(new ResidualStream()).attach(model)) { ... }</pre>
 */
public final class ResidualStream implements Probe {
    /** Mean over tokens of ‖h_t‖₂ after the unit. */
    public static final String STREAM_NORM = "stream_norm";
    /** Mean over tokens of ‖h_t − x_t‖₂: what the unit added to the stream. */
    public static final String WRITE_NORM = "write_norm";

    /** The unit and, for a transformer block, its attention and MLP sub-blocks. */
    @Override
    public List<Layer> watch(Unit unit) {
        return withSubBlocks(unit);
    }

    // x (B, [T,] C) -> h (B, [T,] C)
    @Override
    public void onForward(ProbeContext at, INDArray x, INDArray h) {
        if (!SequenceStats.isTokens(h)) return;
        boolean keepsShape = Arrays.equals(x.shape(), h.shape());
        if (!keepsShape && !(at.isUnit() && at.layerIndex() == 0)) return;
        int width = (int) h.size(h.rank() - 1);
        double[] out = Kernels.toDoubles(h);
        at.record(STREAM_NORM, SequenceStats.meanTokenNorm(out, width));
        if (keepsShape) at.record(WRITE_NORM, SequenceStats.meanTokenDistance(out, Kernels.toDoubles(x), width));
    }

    /** The unit, then the blocks directly inside it when it is not a block itself (a transformer block's attention and MLP). */
    static List<Layer> withSubBlocks(Unit unit) {
        List<Layer> layers = new ArrayList<>(List.of(unit.layer()));
        if (!(unit.layer() instanceof Block)) {
            for (Layer c : unit.layer().children()) if (c instanceof Block) layers.add(c);
        }
        return layers;
    }
}
