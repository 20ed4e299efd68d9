package org.residuallab.experiment;

import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Model;

/**
 * Builds the model of one cell of a {@link DepthSweep}: {@code depth} hidden blocks of {@code kind},
 * taking {@code inputs} features and giving {@code outputs} values. Name models distinctly (e.g. by kind and depth).
 * <pre>ModelFactory f = (depth, kind, in, out) -&gt; Models.mlp(depth, 32, "tanh", Init.lecun(), kind).inputs(in).outputs(out).seed(1).build();</pre>
 */
@FunctionalInterface
public interface ModelFactory {
    Model build(int depth, BlockKind kind, int inputs, int outputs);
}
