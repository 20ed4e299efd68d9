package org.residuallab.nn;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.fast.Buffers;
import org.residuallab.nn.fast.Kernels;

/**
 * out = post(α·F(x) + λ·shortcut(x)). The shortcut is the identity, or a Dense projection
 * (optionally with BatchNorm) when F changes the width. Compare {@link PlainBlock}: same F, no skip.
 * <pre>ResidualBlock.of(new Dense(64, 64), new ReLU(), new Dense(64, 64)).post(new ReLU());</pre>
 */
public final class ResidualBlock extends Block {
    private Layer shortcut;
    private double lambda = 1.0;
    private INDArray sum, dF, dX;

    /** A block whose shortcut is the identity, or a Dense projection when the body changes the width. */
    public ResidualBlock(Sequential body) {
        this(body, defaultShortcut(body));
    }

    /** A block with this shortcut (for example a projection, or a shape-changing shortcut of your own). */
    public ResidualBlock(Sequential body, Layer shortcut) {
        super(body);
        if (shortcut == null) throw new IllegalArgumentException("the shortcut must not be null (use new Identity())");
        this.shortcut = shortcut;
        place("", "block", -1);
    }

    public static ResidualBlock of(Layer... body) {
        return new ResidualBlock(Sequential.of(body));
    }

    // x (B, in) -> post(α·F(x) + λ·shortcut(x)) (B, out)
    @Override
    protected INDArray doForward(INDArray x) {
        INDArray s = shortcut.passForward(x);
        sum = Buffers.like(sum, s);
        if (bypassed) {
            Kernels.scale(sum, lambda, s);           // sum = λ·shortcut(x)
            return post.passForward(sum);
        }
        INDArray f = body.passForward(x);
        Kernels.add(sum, alpha(), f, lambda, s);     // sum = α·F(x) + λ·shortcut(x)
        return post.passForward(sum);
    }

    // dOut (B, out) -> dX (B, in): the gradient reaches x through F and, unchanged, through the skip
    @Override
    protected INDArray doBackward(INDArray dOut) {
        INDArray dSum = post.passBackward(dOut);
        INDArray dShortcut = shortcut.passBackward(scaledBy(lambda, dSum)); // λ·dSum into the shortcut
        if (bypassed) return dShortcut;
        dF = branchGradient(dSum, dF);                                  // α·dSum into F
        INDArray dBody = body.passBackward(dF);
        dX = Buffers.like(dX, dBody);
        Kernels.add(dX, 1.0, dBody, 1.0, dShortcut);  // the two paths' gradients add up
        return dX;
    }

    private INDArray scaledBy(double lambda, INDArray dSum) {
        return lambda == 1.0 ? dSum : dSum.mul(lambda);
    }

    /** Replaces the identity shortcut by a Dense projection, with BatchNorm after it if {@code batchNorm}. */
    public ResidualBlock projection(boolean batchNorm) {
        int in = requireWidth(body, "a projection"), out = body.outputWidth(in);
        shortcut = batchNorm ? Sequential.of(new Dense(in, out), new BatchNorm(out)) : Sequential.of(new Dense(in, out));
        replace();
        return this;
    }

    /** Scales the shortcut by λ (He et al. 2016 study λ = 0.5: the skip path's product of λs vanishes). */
    public ResidualBlock shortcutScale(double lambda) {
        Shapes.require(Double.isFinite(lambda), "shortcut scale lambda", lambda, "finite");
        this.lambda = lambda;
        return this;
    }

    public double shortcutScale() {
        return lambda;
    }

    public Layer shortcut() {
        return shortcut;
    }

    public ResidualBlock post(Layer post) { setPost(post); return this; }

    public ResidualBlock branchScale(double alpha) { setBranchScale(alpha); return this; }

    public ResidualBlock learnableBranchScale(double initial) { setLearnableBranchScale(initial); return this; }

    @Override
    public long[] outputShape(long[] in) {
        long[] f = body.outputShape(in), s = shortcut.outputShape(in);
        if (!Arrays.equals(f, s)) {
            throw new ShapeMismatchException(describe() + ": the body outputs " + Shapes.batch(f) + " but the shortcut "
                    + Shapes.batch(s) + " for input " + Shapes.batch(in) + "; they must match to be added");
        }
        return post.outputShape(f);
    }

    @Override
    public List<Layer> children() {
        return shortcut == null ? super.children() : List.of(body, shortcut, post);
    }

    @Override
    public void place(String parentPath, String name, int index) {
        super.place(parentPath, name, index);
        if (shortcut != null) shortcut.place(path(), "shortcut", 1);
    }

    // the identity when the body keeps the width, else a Dense projection
    private static Layer defaultShortcut(Sequential body) {
        int in = requireWidth(body, "its shortcut");
        int out = body.outputWidth(in);
        return in == out ? new Identity() : Sequential.of(new Dense(in, out));
    }

    private static int requireWidth(Sequential body, String what) {
        if (body == null || body.isEmpty()) throw new IllegalArgumentException("a block needs a non-empty body");
        int in = body.inputWidth();
        if (in < 0) {
            throw new IllegalArgumentException("cannot choose " + what + ": the body's input width is unknown (it must start with a "
                    + "layer such as Dense or BatchNorm); pass the shortcut yourself: new ResidualBlock(body, shortcut)");
        }
        return in;
    }
}
