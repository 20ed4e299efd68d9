package org.residuallab.lesson;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.ResidualBlock;
import org.residuallab.nn.Shapes;

/**
 * One forward and one backward pass through a residual block, out = post(α·F(x) + λ·shortcut(x)), with
 * every intermediate array kept: what a by-hand walk looks at. Also the branch's Jacobian J = ∂F/∂x by
 * finite differences, from which He et al. (2016, Eq. 5) predict the input gradient: for the identity
 * skip, dX = dSum·(λI + αJ), i.e. dX = λ·dSum + α·Jᵀ·dSum, where dSum is the gradient reaching the addition.
 * <pre>BlockWalk w = BlockWalk.of(Tiny.kerasBlock(4, 1), Tiny.gaussian(3, 4, 2), Tiny.gaussian(3, 4, 3));
 * Cmp.of("Eq. 5", w.dX(), w.eq5());   // approximate: true</pre>
 */
public final class BlockWalk {
    private final ResidualBlock block;
    private final INDArray x, branch, skip, sum, out, dOut, dSum, dBranch, dSkip, dX;
    private INDArray jacobian;

    private BlockWalk(ResidualBlock block, INDArray x, INDArray dOut) {
        this.block = block;
        this.x = x.dup();
        this.out = block.forward(this.x);
        this.branch = block.body().lastOutput();
        this.skip = block.shortcut().lastOutput();
        this.sum = branch.mul(block.alpha()).addi(skip.mul(block.shortcutScale()));
        this.dOut = dOut.dup();
        this.dX = block.backward(this.dOut.dup());
        this.dSum = block.post().lastInputGradient();
        this.dBranch = block.body().lastInputGradient();
        this.dSkip = block.shortcut().lastInputGradient();
    }

    /** Runs {@code block} forward on x (B, C) and backward from dOut (B, C), in the block's current mode; x and dOut are copied. */
    public static BlockWalk of(ResidualBlock block, INDArray x, INDArray dOut) {
        if (block == null || x == null || dOut == null) throw new IllegalArgumentException("BlockWalk needs a block, x and dOut");
        if (x.dataType() != DataType.DOUBLE) throw new IllegalArgumentException("BlockWalk works in float64; x is " + x.dataType());
        return new BlockWalk(block, x, dOut);
    }

    public ResidualBlock block() { return block; }
    /** The input x (B, C). */
    public INDArray x() { return x; }
    /** The branch's output F(x) (B, C). */
    public INDArray branch() { return branch; }
    /** The shortcut's output (x itself for the identity skip). */
    public INDArray skip() { return skip; }
    /** α·F(x) + λ·shortcut(x), what the post layer receives. */
    public INDArray sum() { return sum; }
    /** The block's output post(sum). */
    public INDArray out() { return out; }
    /** The upstream gradient dL/dout. */
    public INDArray dOut() { return dOut; }
    /** dL/dsum: dOut after the post layer's backward (dOut itself when nothing follows the addition). */
    public INDArray dSum() { return dSum; }
    /** What the branch sends back to x: α·Jᵀ·dSum. */
    public INDArray dBranch() { return dBranch; }
    /** What the skip sends back to x: λ·dSum for the identity shortcut. */
    public INDArray dSkip() { return dSkip; }
    /** The block's input gradient dL/dx as the library computed it. */
    public INDArray dX() { return dX; }

    /**
     * J[i][j] = ∂F(x)_i / ∂x_j over the flattened (row-major) batch, (B·C, B·C), by the fourth-order central
     * difference with step 1e-4. Rows of different examples couple when the branch has BatchNorm in training mode.
     */
    public INDArray jacobian() {
        if (jacobian != null) return jacobian;
        int n = (int) x.length();
        double h = 1e-4;
        double[][] cols = new double[n][];
        INDArray xp = x.dup();
        for (int j = 0; j < n; j++) {
            double v = xp.getDouble(j);
            double[] p1 = at(xp, j, v + h), m1 = at(xp, j, v - h), p2 = at(xp, j, v + 2 * h), m2 = at(xp, j, v - 2 * h);
            xp.putScalar(j, v);
            cols[j] = new double[n];
            for (int i = 0; i < n; i++) cols[j][i] = (8 * (p1[i] - m1[i]) - (p2[i] - m2[i])) / (12 * h);
        }
        double[] flat = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) flat[i * n + j] = cols[j][i];
        jacobian = Nd4j.create(flat, new long[] {n, n}, DataType.DOUBLE);
        block.forward(x); // leave the block's buffers as they were after this walk's forward
        return jacobian;
    }

    private double[] at(INDArray xp, int j, double value) {
        xp.putScalar(j, value);
        return block.body().forward(xp).dup('c').data().asDouble();
    }

    /** He et al. 2016, Eq. 5 for one block with an identity skip: dSum·(λI + αJ), reshaped to (B, C). */
    public INDArray eq5() {
        if (block.shortcut().params().size() > 0) {
            throw new IllegalStateException("Eq. 5 needs the identity shortcut; this block has a projection " + block.shortcut().describe());
        }
        INDArray row = dSum.dup('c').reshape(1, dSum.length());
        INDArray total = row.mmul(jacobian()).muli(block.alpha()).addi(row.mul(block.shortcutScale()));
        return total.reshape('c', dSum.rows(), dSum.columns());
    }

    /** The identity I (B·C, B·C) plus the branch's Jacobian: the block's Jacobian up to the post layer (λ = α = 1). */
    public INDArray onePlusJacobian() {
        Shapes.require(block.alpha() == 1 && block.shortcutScale() == 1, "branch and shortcut scales", block.alpha() + ", " + block.shortcutScale(), "1 and 1");
        return jacobian().add(Nd4j.eye(jacobian().rows()).castTo(DataType.DOUBLE));
    }
}
