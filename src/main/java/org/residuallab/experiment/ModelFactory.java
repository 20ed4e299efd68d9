package org.residuallab.experiment;

import org.residuallab.data.Dataset;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Model;

/**
 * Builds the model of one cell of a {@link DepthSweep}: {@code depth} hidden blocks of {@code kind}, sized
 * for the training data. A lambda builds MLPs from the data's width and outputs; {@link ModelRecipe} builds
 * conv nets and transformers from the data itself (its image shape, classes or vocabulary). Name models
 * distinctly (e.g. by kind and depth).
 * <pre>ModelFactory f = (depth, kind, in, out) -&gt; Models.mlp(depth, 32, "tanh", Init.lecun(), kind).inputs(in).outputs(out).seed(1).build();
 * ModelFactory g = ModelRecipe.resnet(16, Shortcut.ZERO_PAD).seed(1);   // depth 6n + 2, from (N, C, H, W) images</pre>
 */
@FunctionalInterface
public interface ModelFactory {
    /** An MLP-shaped model: {@code inputs} features in, {@code outputs} values out. */
    Model build(int depth, BlockKind kind, int inputs, int outputs);

    /** The model for this training data: by default {@code build(depth, kind, train.width(), train.outputs())}. */
    default Model build(int depth, BlockKind kind, Dataset train) {
        return build(depth, kind, train.width(), train.outputs());
    }
}
