package org.residuallab.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * out = post(α·F(x) + λ·shortcut(x)). The shortcut is the identity, or a Dense projection
 * (optionally with BatchNorm) when F changes the width. Compare {@link PlainBlock}: same F, no skip.
 * <pre>ResidualBlock.of(new Dense(64, 64), new ReLU(), new Dense(64, 64)).post(new ReLU());</pre>
 */
public final class ResidualBlock extends Block {
    private Layer shortcut;
    private double lambda = 1.0;
    private INDArray sum, dF, dX;

    public ResidualBlock(Sequential body) {
        super(body);
        int in = body.inputWidth(), out = body.outputWidth(in);
        shortcut = in == out ? new Identity() : Sequential.of(new Dense(in, out));
        place("", "block", -1);
    }

    public static ResidualBlock of(Layer... body) {
        return new ResidualBlock(Sequential.of(body));
    }

    // x (B, in) -> post(α·F(x) + λ·shortcut(x)) (B, out)
    @Override
    protected INDArray doForward(INDArray x) {
        INDArray s = shortcut.forward(x);
        sum = Buffers.like(sum, s);
        if (bypassed) return post.forward(sum.assign(s).muli(lambda));
        INDArray f = body.forward(x);
        Kernels.add(sum, alpha(), f, lambda, s); // sum = α·F(x) + λ·shortcut(x)
        return post.forward(sum);
    }

    // dOut (B, out) -> dX (B, in): the gradient reaches x through F and, unchanged, through the skip
    @Override
    protected INDArray doBackward(INDArray dOut) {
        INDArray dSum = post.backward(dOut);
        INDArray dShortcut = shortcut.backward(lambda == 1.0 ? dSum : dSum.mul(lambda));
        if (bypassed) return dShortcut;
        dF = branchGradient(dSum, body.lastOutput(), dF);
        INDArray dBody = body.backward(dF);
        dX = Buffers.like(dX, dBody);
        Kernels.add(dX, 1.0, dBody, 1.0, dShortcut); // the two paths' gradients add up
        return dX;
    }

    /** Replaces the identity shortcut by a Dense projection, with BatchNorm after it if {@code batchNorm}. */
    public ResidualBlock projection(boolean batchNorm) {
        int in = body.inputWidth(), out = body.outputWidth(in);
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
    public int outputWidth(int in) {
        int out = body.outputWidth(in);
        return post.outputWidth(out);
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
}
