package com.example;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.Init;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Param;
import org.residuallab.nn.Shapes;

/**
 * Your fully connected layer: y = x·W + b, with W (in, out) and b (1, out).
 * Fill in the two TODOs; {@code mvn test} grades them (src/test/java/com/example/MyDenseTest.java).
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
        // TODO: y = x·W + b. Read the values with W.value() and b.value() (x.mmul(...), then addRowVector(...)).
        return Nd4j.zeros(x.dataType(), x.size(0), out);
    }

    // dOut (B, out) -> dX (B, in); adds dW = xᵀ·dOut and db = Σ over the batch of dOut into W.grad() and b.grad()
    @Override
    protected INDArray doBackward(INDArray dOut) {
        // TODO: add dW into W.grad() and db into b.grad() (addi: backward adds, the optimiser zeroes them),
        //       then return dX = dOut·Wᵀ.
        return Nd4j.zeros(dOut.dataType(), dOut.size(0), in);
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
