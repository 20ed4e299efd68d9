package org.residuallab.lesson;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Block;
import org.residuallab.nn.Identity;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Model;
import org.residuallab.nn.ResidualBlock;

/**
 * Where every path of a residual net starts, for walking one by hand (Veit et al. 2016, §5): runs the net
 * forward on a batch in evaluation mode, then back through the loss and the layers after the last block,
 * and hands over that gradient dL/dx_n (the top) with the blocks. A path then walks down the blocks:
 * through the branch, {@code g = block.body().backward(g)}, where it takes the branch, and unchanged
 * through the skip elsewhere. Leaves the model in evaluation mode, each block's forward pass kept.
 * <pre>PathWalk walk = PathWalk.of(residual, x, y);
 * INDArray g = walk.blocks().get(2).body().backward(walk.top());   // the path through block 3's branch only</pre>
 */
public final class PathWalk {
    private final INDArray top;
    private final List<ResidualBlock> blocks;

    private PathWalk(INDArray top, List<ResidualBlock> blocks) {
        this.top = top;
        this.blocks = blocks;
    }

    /** One forward pass of {@code model} on x (B, in) in evaluation mode and the backward pass down to its last block; y (B, K). */
    public static PathWalk of(Model model, INDArray x, INDArray y) {
        if (model == null || x == null || y == null) throw new IllegalArgumentException("PathWalk needs a model, x and y");
        List<ResidualBlock> blocks = plainSkips(model);
        model.eval();
        INDArray out = model.forward(x);
        double loss = model.loss().forward(out, y.dataType() == out.dataType() ? y : y.castTo(out.dataType()));
        if (!Double.isFinite(loss)) throw new IllegalStateException("model '" + model.name() + "': the loss is " + loss + " on this batch");
        INDArray g = model.loss().backward();
        List<Layer> top = model.net().children();
        for (int i = top.size() - 1; i > top.indexOf(blocks.get(blocks.size() - 1)); i--) g = top.get(i).backward(g);
        return new PathWalk(g.dup(), List.copyOf(blocks));
    }

    /** dL/dx_n (B, C), the gradient leaving the last block: the skip-only path delivers exactly this. A copy. */
    public INDArray top() {
        return top.dup();
    }

    /** The residual blocks, input side first. */
    public List<ResidualBlock> blocks() {
        return blocks;
    }

    /** The blocks, checked to be x + F(x) with nothing else on the skip, and with a layer after the last one. */
    private static List<ResidualBlock> plainSkips(Model model) {
        List<Block> all = model.blocks();
        if (all.isEmpty()) throw new IllegalArgumentException("model '" + model.name() + "' has no blocks");
        List<Layer> top = model.net().children();
        if (top.indexOf(all.get(all.size() - 1)) + 1 >= top.size()) {
            throw new IllegalArgumentException("model '" + model.name() + "' needs a layer after its last block (a head)");
        }
        List<ResidualBlock> out = new ArrayList<>();
        for (Block b : all) {
            if (!(b instanceof ResidualBlock r)) {
                throw new IllegalArgumentException("model '" + model.name() + "': " + b.describe() + " is plain, so it has no skip to walk");
            }
            if (b.isBypassed()) throw new IllegalStateException("model '" + model.name() + "': " + b.describe() + " is bypassed (lesioned); restore it first");
            if (!(r.shortcut() instanceof Identity) || r.shortcutScale() != 1 || r.alpha() != 1 || !(r.post() instanceof Identity)) {
                throw new IllegalArgumentException("model '" + model.name() + "': " + b.describe()
                        + " is not x + F(x) (it has a projection, a scale or a layer after the addition); walk it with PathGradients");
            }
            out.add(r);
        }
        return out;
    }
}
