package org.residuallab.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.fast.Buffers;
import org.residuallab.nn.fast.Kernels;

/**
 * What a {@link PlainBlock} and a {@link ResidualBlock} share: a body F, a branch scale α (fixed, or
 * learnable as in ReZero/SkipInit) and a post layer applied last. The two differ only by the skip.
 */
public abstract class Block extends Layer {
    protected final Sequential body;
    protected Layer post = new Identity();
    protected double alphaFixed = 1.0;
    protected Param alpha;          // learnable α, or null
    protected boolean bypassed;     // lesioned: the body is skipped

    protected Block(Sequential body) {
        super("block");
        if (body == null || body.isEmpty()) throw new IllegalArgumentException("a block needs a non-empty body");
        this.body = body;
    }

    /** The branch scale α now: the learnable value or the fixed one. */
    public double alpha() {
        return alpha != null ? alpha.value().getDouble(0) : alphaFixed;
    }

    protected Block setBranchScale(double a) {
        Shapes.require(Double.isFinite(a), "branch scale alpha", a, "finite");
        alphaFixed = a;
        alpha = null;
        return this;
    }

    protected Block setLearnableBranchScale(double initial) {
        Shapes.require(Double.isFinite(initial), "initial branch scale alpha", initial, "finite");
        alphaFixed = initial;
        alpha = Param.of("alpha", true, initial, 1, 1);
        replace();
        return this;
    }

    protected Block setPost(Layer post) {
        if (post == null) throw new IllegalArgumentException("post layer must not be null (use new Identity())");
        long[] in = body.inputShape();
        if (in != null) post.outputShape(body.outputShape(in));
        this.post = post;
        replace();
        return this;
    }

    /** Lesion (Veit et al. 2016): while bypassed the body is skipped. */
    public void setBypassed(boolean bypassed) {
        this.bypassed = bypassed;
    }

    public boolean isBypassed() {
        return bypassed;
    }

    public Sequential body() {
        return body;
    }

    public Layer post() {
        return post;
    }

    public boolean alphaLearnable() {
        return alpha != null;
    }

    /** α·F(x) into {@code buf} (reused), returning it. */
    protected INDArray scaled(INDArray f, INDArray buf) {
        double a = alpha();
        if (a == 1.0) return f;
        INDArray out = Buffers.like(buf, f);
        Kernels.scale(out, a, f);
        return out;
    }

    /** Accumulates dα += Σ dSum ⊙ F(x) when α is learnable; returns α·dSum. */
    protected INDArray branchGradient(INDArray dSum, INDArray buf) {
        if (alpha != null) alpha.grad().putScalar(0, alpha.grad().getDouble(0) + Kernels.dot(dSum, body.lastOut)); // dα += Σ dSum·F(x)
        return scaled(dSum, buf);
    }

    @Override
    public void init(java.util.Random rng) {
        super.init(rng);
        if (alpha != null) alpha.fill(alphaFixed);
    }

    @Override
    public long[] inputShape() {
        return body.inputShape();
    }

    @Override
    protected List<Param> ownParams() {
        return alpha == null ? List.of() : List.of(alpha);
    }

    @Override
    public List<Layer> children() {
        List<Layer> cs = new ArrayList<>();
        cs.add(body);
        cs.add(post);
        return cs;
    }

    /** Re-names children after a change of structure. */
    protected void replace() {
        place(parentPath(), name(), index());
    }

    private String parentPath() {
        int slash = path().lastIndexOf('/');
        return slash < 0 ? "" : path().substring(0, slash);
    }

    @Override
    public void place(String parentPath, String name, int index) {
        super.place(parentPath, name, index);
        body.place(path(), "body", 0);
        post.place(path(), "post", children().indexOf(post));
    }
}
