package org.residuallab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * out = post(α·F(x)): the residual block's twin with the skip removed, and the same parameters.
 * Compare {@link ResidualBlock}: the only difference is the shortcut term.
 */
public final class PlainBlock extends Block {
    private INDArray scaledF, dF;

    public PlainBlock(Sequential body) {
        super(body);
        place("", "block", -1);
    }

    public static PlainBlock of(Layer... body) {
        return new PlainBlock(Sequential.of(body));
    }

    // x (B, in) -> post(α·F(x)) (B, out)
    @Override
    protected INDArray doForward(INDArray x) {
        if (bypassed) return post.passForward(x);
        INDArray f = body.passForward(x);
        scaledF = scaled(f, scaledF);
        return post.passForward(scaledF);
    }

    // dOut (B, out) -> dX (B, in): the gradient reaches x only through F
    @Override
    protected INDArray doBackward(INDArray dOut) {
        INDArray dSum = post.passBackward(dOut);
        if (bypassed) return dSum;
        dF = branchGradient(dSum, dF);
        return body.passBackward(dF);
    }

    @Override
    public long[] outputShape(long[] in) {
        long[] out = body.outputShape(in);
        if (bypassed && !java.util.Arrays.equals(out, in)) {
            throw new ShapeMismatchException(describe() + " cannot be bypassed: it maps " + Shapes.batch(in) + " to " + Shapes.batch(out));
        }
        return post.outputShape(out);
    }

    public PlainBlock post(Layer post) { setPost(post); return this; }

    public PlainBlock branchScale(double alpha) { setBranchScale(alpha); return this; }

    public PlainBlock learnableBranchScale(double initial) { setLearnableBranchScale(initial); return this; }
}
