package com.example;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Sequential;

/**
 * Your residual block: out = x + F(x), where F is the body, e.g.
 * {@code new MyResidualBlock(new Dense(8, 8), new Tanh(), new Dense(8, 8))}.
 * As handed out it is still a plain block, out = F(x): fill in the two TODOs;
 * {@code mvn test} grades them (src/test/java/com/example/MyResidualBlockTest.java).
 */
public class MyResidualBlock extends Layer {
    private final Sequential body;

    public MyResidualBlock(Layer... body) {
        super("myresidualblock");
        this.body = Sequential.of(body);
    }

    // x (B, F) -> x + F(x) (B, F)
    @Override
    protected INDArray doForward(INDArray x) {
        INDArray f = body.forward(x);
        // TODO: add the skip connection: out = x + F(x)
        return f;
    }

    // dOut (B, F) -> dX (B, F)
    @Override
    protected INDArray doBackward(INDArray dOut) {
        INDArray dBody = body.backward(dOut);
        // TODO: the gradient reaches x along two paths, through F and, unchanged, through the skip: add them
        return dBody;
    }

    /** The body: its parameters are the block's. */
    @Override
    public List<Layer> children() {
        return List.of(body);
    }
}
