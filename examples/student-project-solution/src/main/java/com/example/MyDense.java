package com.example;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Init;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Param;
import org.residuallab.nn.Shapes;

/**
 * The reference solution of the starter's MyDense: y = x·W + b, with W (in, out) and b (1, out).
 */
public class MyDense extends Layer {
    private final int in, out;
    private final Param W, b;
    private INDArray x; // the last input: backward needs it for dW = xᵀ·dOut

    public MyDense(int in, int out) {
        super("mydense");
        this.in = in;
        this.out = out;
        W = Param.of("W", true, 0, in, out);
        b = Param.of("b", true, 0, 1, out);
        W.fill(Init.glorotUniform(), new Random(1));
    }

    // x (B, in) -> y (B, out)
    @Override
    protected INDArray doForward(INDArray x) {
        this.x = x;
        return x.mmul(W.value()).addiRowVector(b.value());
    }

    // dOut (B, out) -> dX (B, in); adds dW = xᵀ·dOut and db = Σ over the batch of dOut into W.grad() and b.grad()
    @Override
    protected INDArray doBackward(INDArray dOut) {
        W.grad().addi(x.transpose().mmul(dOut));
        b.grad().addi(dOut.sum(true, 0));
        return dOut.mmul(W.value().transpose());
    }

    @Override
    protected List<Param> ownParams() {
        return List.of(W, b);
    }

    /** (in) -> (out). */
    @Override
    public long[] outputShape(long[] shape) {
        if (shape.length != 1 || shape[0] != in) throw wrongInput(Shapes.batch(in), shape);
        return new long[] {out};
    }
}
