package org.residuallab.check;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.Init;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Param;
import org.residuallab.nn.Sequential;

/** Layers as students write them, right and with the typical mistakes, for the assertions' tests. */
final class StudentLayers {
    private StudentLayers() {}

    enum DenseBug { NONE, TODO_ZEROS, THROWS_TODO, NULL_DX, WRONG_DX_SHAPE, SIGN_FLIPPED, MEAN_NOT_SUM, ASSIGNS_GRAD, NO_BIAS_GRAD }

    /** y = x·W + b, with one of the typical mistakes. */
    static final class Dense extends Layer {
        private final Param W, b;
        private final DenseBug bug;
        private INDArray x;

        Dense(int in, int out, DenseBug bug) {
            super("studentdense");
            this.bug = bug;
            W = Param.of("W", true, 0, in, out);
            b = Param.of("b", true, 0, 1, out);
            W.fill(Init.glorotUniform(), new java.util.Random(5));
            b.fill(0.1);
        }

        @Override
        protected INDArray doForward(INDArray x) {
            if (bug == DenseBug.THROWS_TODO) throw new UnsupportedOperationException("TODO: y = x·W + b");
            this.x = x;
            if (bug == DenseBug.TODO_ZEROS) return Nd4j.zeros(x.dataType(), x.size(0), W.shape()[1]);
            return x.mmul(W.value()).addiRowVector(b.value());
        }

        @Override
        protected INDArray doBackward(INDArray dOut) {
            if (bug == DenseBug.TODO_ZEROS) return Nd4j.zeros(dOut.dataType(), dOut.size(0), W.shape()[0]);
            if (bug == DenseBug.NULL_DX) return null;
            INDArray dW = x.transpose().mmul(dOut);
            if (bug == DenseBug.MEAN_NOT_SUM) dW.divi(x.size(0));
            if (bug == DenseBug.ASSIGNS_GRAD) W.grad().assign(dW); else W.grad().addi(dW);
            if (bug != DenseBug.NO_BIAS_GRAD) b.grad().addi(dOut.sum(true, 0));
            if (bug == DenseBug.WRONG_DX_SHAPE) return dOut.dup();
            INDArray dX = dOut.mmul(W.value().transpose());
            return bug == DenseBug.SIGN_FLIPPED ? dX.negi() : dX;
        }

        @Override
        protected List<Param> ownParams() {
            return List.of(W, b);
        }

        @Override
        public long[] outputShape(long[] in) {
            return new long[] {W.shape()[1]};
        }
    }

    enum BlockBug { NONE, NO_SKIP, SKIP_TWICE, NO_SKIP_GRADIENT, PLAIN }

    /** out = x + F(x), or a typical mistake; PLAIN is the plain twin out = F(x). */
    static final class Block extends Layer {
        private final Sequential body;
        private final BlockBug bug;

        Block(BlockBug bug, Layer... body) {
            super(bug == BlockBug.PLAIN ? "plainblock" : "residualblock");
            this.body = Sequential.of(body);
            this.bug = bug;
        }

        @Override
        protected INDArray doForward(INDArray x) {
            INDArray f = body.forward(x);
            return switch (bug) {
                case NO_SKIP, PLAIN -> f;
                case SKIP_TWICE -> f.addi(x).addi(x);
                default -> f.addi(x);
            };
        }

        @Override
        protected INDArray doBackward(INDArray dOut) {
            INDArray dBody = body.backward(dOut);
            return bug == BlockBug.NO_SKIP_GRADIENT || bug == BlockBug.PLAIN || bug == BlockBug.NO_SKIP ? dBody
                    : bug == BlockBug.SKIP_TWICE ? dBody.addi(dOut).addi(dOut) : dBody.addi(dOut);
        }

        @Override
        public List<Layer> children() {
            return body == null ? List.of() : List.of(body);
        }
    }
}
