package org.residuallab.lesson;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Block;
import org.residuallab.nn.Identity;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Model;
import org.residuallab.nn.ResidualBlock;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * He et al. (2016) Eq. 5 measured on a stack of residual blocks x_{l+1} = x_l + F(x_l) (identity skip,
 * nothing after the addition): the gradient at block l's input is the gradient at the top of the stack
 * plus what every branch from l upwards sends back,
 * dL/dx_l = dL/dx_L + Σ_{i=l}^{L-1} J_{F_i}ᵀ·dL/dx_{i+1}. The first term, the "1" of Eq. 5, reaches every block unchanged.
 * <pre>GradientDecomposition d = GradientDecomposition.of(model, x, y);
 * d.maxDeviation();   // |dL/dx_l − (top + branches)|, largest over blocks: rounding only</pre>
 *
 * @param model        the model's name
 * @param total        ‖dL/dx_l‖ of blocks l = 1..L (index l − 1), as back-propagation computed it
 * @param direct       ‖dL/dx_L‖, the top gradient: the same for every block
 * @param branches     ‖Σ_{i≥l} branch gradients‖ for each block l
 * @param maxDeviation the largest |entry| of dL/dx_l − (dL/dx_L + Σ branches) over all blocks
 */
public record GradientDecomposition(String model, double[] total, double[] direct, double[] branches, double maxDeviation) {

    /** One loss-and-backward pass of {@code model} on x (B, in), y (B, K), then the decomposition at every block. */
    public static GradientDecomposition of(Model model, INDArray x, INDArray y) {
        List<Block> blocks = model.blocks();
        if (blocks.isEmpty()) throw new IllegalArgumentException("model '" + model.name() + "' has no blocks");
        for (Block b : blocks) {
            if (!(b instanceof ResidualBlock) || !(((ResidualBlock) b).shortcut() instanceof Identity)
                    || !(b.post() instanceof Identity) || ((ResidualBlock) b).shortcutScale() != 1) {
                throw new IllegalArgumentException(b.describe() + " is not x + F(x): Eq. 5 needs residual blocks with an identity skip "
                        + "of scale 1 and nothing after the addition (e.g. Models.mlp(..., BlockKind.RESIDUAL))");
            }
        }
        model.lossAndBackward(x, y);
        INDArray top = above(model, blocks.get(blocks.size() - 1)).lastInputGradient();
        int n = blocks.size();
        double[] total = new double[n], direct = new double[n], branches = new double[n];
        INDArray sum = top.mul(0);
        double dev = 0;
        for (int l = n - 1; l >= 0; l--) {
            Block b = blocks.get(l);
            sum.addi(b.body().lastInputGradient());
            INDArray dx = b.lastInputGradient();
            total[l] = dx.norm2Number().doubleValue();
            direct[l] = top.norm2Number().doubleValue();
            branches[l] = sum.norm2Number().doubleValue();
            dev = Math.max(dev, dx.sub(top).subi(sum).amaxNumber().doubleValue());
        }
        return new GradientDecomposition(model.name(), total, direct, branches, dev);
    }

    /** ‖dL/dx_l‖ of every block of a plain (or any) model after one pass: what reaches each block without a skip. */
    public static double[] inputGradientNorms(Model model, INDArray x, INDArray y) {
        model.lossAndBackward(x, y);
        List<Block> blocks = model.blocks();
        double[] out = new double[blocks.size()];
        for (int l = 0; l < out.length; l++) out[l] = blocks.get(l).lastInputGradient().norm2Number().doubleValue();
        return out;
    }

    /** Block numbers 1..L, the x axis of the decomposition's plot. */
    public double[] blockNumbers() {
        double[] b = new double[total.length];
        for (int i = 0; i < b.length; i++) b[i] = i + 1;
        return b;
    }

    /** Tidy: model, block (1..L), metric (total, direct, branches), value. */
    public Table table() {
        StringColumn m = StringColumn.create("model"), metric = StringColumn.create("metric");
        IntColumn block = IntColumn.create("block");
        DoubleColumn value = DoubleColumn.create("value");
        String[] names = {"total", "direct", "branches"};
        double[][] cols = {total, direct, branches};
        for (int k = 0; k < 3; k++) {
            for (int l = 0; l < total.length; l++) {
                m.append(model);
                block.append(l + 1);
                metric.append(names[k]);
                value.append(cols[k][l]);
            }
        }
        return Table.create("Eq. 5 decomposition", m, block, metric, value);
    }

    private static Layer above(Model model, Block last) {
        List<Layer> top = new ArrayList<>(model.net().children());
        int i = top.indexOf(last);
        if (i < 0 || i == top.size() - 1) throw new IllegalArgumentException("the last block of model '" + model.name() + "' needs a layer after it");
        return top.get(i + 1);
    }
}
