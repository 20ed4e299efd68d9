package org.residuallab.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Param;

/**
 * Checks of a residual block out = x + F(x) a student wrote, and of its plain twin out = F(x): the identities
 * that make a block residual. Parameter values are restored afterwards; the blocks are cast to float64.
 * <pre>BlockChecks.identityWhenBranchIsZero(new MyResidualBlock(new Dense(3, 3), new Tanh(), new Dense(3, 3)), Inputs.batch(4, 3))</pre>
 */
public final class BlockChecks {
    private BlockChecks() {}

    /**
     * With every trainable parameter set to 0 the branch F outputs 0, so the block must be the identity:
     * forward(x) = x, and backward(dOut) = dOut (the skip passes the gradient on unchanged).
     * Holds for out = x + F(x) whose F outputs 0 at zero parameters (e.g. ending in a Dense); not with a
     * post-activation after the sum.
     */
    public static Check identityWhenBranchIsZero(Layer block, INDArray x) {
        String what = block.describe() + " is the identity when its branch is zero";
        INDArray x64 = x.castTo(DataType.DOUBLE).dup();
        List<Param> params = block.params().stream().filter(Param::trainable).toList();
        if (params.isEmpty()) {
            return Check.fail(what, block.describe() + " has no trainable parameters, so its branch cannot be set to zero: "
                    + "does children() (or ownParams()) return its body?");
        }
        block.castTo(DataType.DOUBLE);
        List<INDArray> saved = new ArrayList<>();
        for (Param p : params) saved.add(p.value().dup());
        try {
            for (Param p : params) p.fill(0);
            String zero = "with every parameter of " + block.describe() + " set to 0 its branch F(x) is 0, so out = x + F(x) must be x";
            INDArray out = Calls.forward(block, x64);
            Diff d = Diff.first(out, x64);
            if (d != null) {
                String why = Diff.allZero(out) ? "; the block returned only zeros: F(x) alone, without the skip (+ x)?"
                        : Diff.scaled(out, x64, 2) ? "; the block returned 2x: is x added twice?"
                        : "";
                return Check.fail(what, zero + ", but at " + d.at() + " x is " + Diff.num(d.expected()) + " and the block returned "
                        + Diff.num(d.actual()) + why);
            }
            INDArray dOut = Inputs.gaussian(new Random(3), out.shape(), 0);
            INDArray dX = Calls.backward(block, dOut, x64);
            d = Diff.first(dX, dOut);
            if (d != null) {
                String why = Diff.allZero(dX) ? "; dX is all zeros: only the branch's gradient (0 here), without the skip's?"
                        : Diff.scaled(dX, dOut, 2) ? "; dX is 2·dOut: is the skip's gradient added twice?"
                        : "";
                return Check.fail(what, zero + "; backward must then pass the gradient through unchanged, dX = dOut (the skip's "
                        + "gradient plus the branch's, which is 0 here), but at " + d.at() + " dOut is " + Diff.num(d.expected())
                        + " and dX is " + Diff.num(d.actual()) + why);
            }
            return Check.pass(what);
        } catch (Calls.Failed e) {
            return Check.fail(what, e.getMessage());
        } finally {
            for (int i = 0; i < params.size(); i++) params.get(i).value().assign(saved.get(i));
        }
    }

    /** The two layers have the same parameters: as many, in the same order, of the same shapes. */
    public static Check sameParameters(Layer a, Layer b) {
        String what = a.describe() + " and " + b.describe() + " have the same parameters";
        String mismatch = ParamLists.mismatch(a, b);
        return mismatch == null ? Check.pass(what) : Check.fail(what, mismatch);
    }

    /**
     * {@code plain} is the plain twin of {@code residual}: the same parameters and, with the same values,
     * residual(x) − plain(x) = x and dX_residual − dX_plain = dOut. Only the skip differs.
     */
    public static Check plainTwin(Layer residual, Layer plain, INDArray x) {
        String what = plain.describe() + " is the plain twin of " + residual.describe();
        Check same = sameParameters(residual, plain);
        if (!same.passed()) return Check.fail(what, same.message() + "\nA plain twin has the same body; only the skip differs.");
        INDArray x64 = x.castTo(DataType.DOUBLE).dup();
        residual.castTo(DataType.DOUBLE);
        plain.castTo(DataType.DOUBLE);
        List<Param> pr = residual.params(), pp = plain.params();
        List<INDArray> saved = new ArrayList<>();
        for (Param p : pp) saved.add(p.value().dup());
        try {
            for (int i = 0; i < pr.size(); i++) pp.get(i).set(pr.get(i).value());
            String same2 = "with the same parameter values, ";
            INDArray r = Calls.forward(residual, x64), p = Calls.forward(plain, x64);
            Diff d = Diff.first(r.sub(p), x64);
            if (d != null) {
                return Check.fail(what, same2 + residual.describe() + "(x) − " + plain.describe() + "(x) must be x (the skip), but at "
                        + d.at() + " it is " + Diff.num(d.actual()) + " where x is " + Diff.num(d.expected()));
            }
            INDArray dOut = Inputs.gaussian(new Random(4), r.shape(), 0);
            INDArray dR = Calls.backward(residual, dOut, x64), dP = Calls.backward(plain, dOut, x64);
            d = Diff.first(dR.sub(dP), dOut);
            if (d != null) {
                return Check.fail(what, same2 + "the residual block's dX minus the plain block's must be dOut (the skip's gradient), but at "
                        + d.at() + " it is " + Diff.num(d.actual()) + " where dOut is " + Diff.num(d.expected()));
            }
            return Check.pass(what);
        } catch (Calls.Failed e) {
            return Check.fail(what, e.getMessage());
        } finally {
            for (int i = 0; i < pp.size(); i++) pp.get(i).value().assign(saved.get(i));
        }
    }
}
