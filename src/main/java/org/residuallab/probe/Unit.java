package org.residuallab.probe;

import java.util.ArrayList;
import java.util.List;
import org.residuallab.nn.Activation;
import org.residuallab.nn.Block;
import org.residuallab.nn.Identity;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Param;
import org.residuallab.nn.TransformerBlock;

/**
 * A watched top-level layer of a model and its position: {@code index} is the {@code layer_index} of
 * every row about it. For {@code Models.mlp(depth, ...)} unit 0 is the stem Dense, units 1..depth the
 * hidden blocks and unit depth + 1 the head. For {@code Models.transformer(layers, ...)}: 0 the token
 * embedding, 1 the positions, 2..layers + 1 the transformer blocks (block1 ..), then the final LayerNorm
 * (pre-LN) and the head.
 */
public record Unit(Layer layer, int index) {

    /** The unit's name in the tables: its path in the model, e.g. {@code block3} or {@code dense1}. */
    public String name() {
        return layer.path();
    }

    /** True for a hidden block: plain or residual, or a transformer block (attention and MLP sub-blocks). */
    public boolean isBlock() {
        return layer instanceof Block || layer instanceof TransformerBlock;
    }

    /** The activation layers (sigmoid, tanh, ReLU, ...; not Identity) in this unit, the unit itself included, in forward order. */
    public List<Layer> activations() {
        List<Layer> out = new ArrayList<>();
        collectActivations(layer, out);
        return out;
    }

    private static void collectActivations(Layer l, List<Layer> out) {
        if (isActivation(l)) out.add(l);
        for (Layer c : l.children()) collectActivations(c, out);
    }

    /** An activation layer other than Identity. */
    static boolean isActivation(Layer l) {
        return l instanceof Activation && !(l instanceof Identity);
    }

    /** The trainable parameters of this unit, in forward order. */
    public List<Param> trainableParams() {
        List<Param> out = new ArrayList<>();
        for (Param p : layer.params()) if (p.trainable()) out.add(p);
        return out;
    }

    /**
     * The weights W of this unit: Dense weight matrices (in, out), convolution filter banks (O, C, k, k) and
     * embedding tables; not biases, BatchNorm's γ/β or a branch scale α.
     */
    public List<Param> weights() {
        List<Param> out = new ArrayList<>();
        for (Param p : trainableParams()) if (isWeight(p)) out.add(p);
        return out;
    }

    /** A weight W: of a Dense layer, a convolution (its filter bank) or an embedding. */
    static boolean isWeight(Param p) {
        return p.name().equals("W");
    }
}
