package org.residuallab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.fast.Buffers;
import org.residuallab.nn.fast.Kernels;

/**
 * Max pooling of (B, C, H, W) images: y[b, c, i, j] = the largest x in the k×k window at (i·s − p, j·s − p);
 * padding never wins. The gradient goes to the window's largest input (the first one on a tie).
 * <pre>new MaxPool2d(3, 2, 1)   // ResNet's stem: 112×112 -> 56×56</pre>
 */
public final class MaxPool2d extends Layer {
    private final int kernel, stride, padding;
    private int[] argmax;      // saved for backward: the input index each output came from
    private long[] inShape;    // the last input's shape
    private INDArray y, dX;    // buffers

    public MaxPool2d(int kernel, int stride, int padding) {
        super("maxpool2d");
        Shapes.require(kernel >= 1, "kernel", kernel, ">= 1");
        Shapes.require(stride >= 1, "stride", stride, ">= 1");
        Shapes.require(padding >= 0 && 2 * padding <= kernel, "padding", padding, ">= 0 and at most half the kernel " + kernel);
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    // x (B, C, H, W) -> y (B, C, OH, OW)
    @Override
    protected INDArray doForward(INDArray x) {
        inShape = x.shape();
        int planes = (int) (x.size(0) * x.size(1)), H = (int) x.size(2), W = (int) x.size(3);
        long[] o = outputShape(Shapes.example(inShape));
        int OH = (int) o[1], OW = (int) o[2];
        double[] v = Kernels.toDoubles(x), out = new double[planes * OH * OW];
        argmax = new int[out.length];
        for (int p = 0, k = 0; p < planes; p++) {
            for (int i = 0; i < OH; i++) {
                for (int j = 0; j < OW; j++, k++) {
                    double best = Double.NEGATIVE_INFINITY;
                    int at = -1;
                    for (int h = Math.max(0, i * stride - padding); h < Math.min(H, i * stride - padding + kernel); h++) {
                        for (int w = Math.max(0, j * stride - padding); w < Math.min(W, j * stride - padding + kernel); w++) {
                            int e = (p * H + h) * W + w;
                            if (at < 0 || v[e] > best) { best = v[e]; at = e; }  // max over the window
                        }
                    }
                    out[k] = best;
                    argmax[k] = at;
                }
            }
        }
        y = Buffers.reuse(y, x.dataType(), x.size(0), x.size(1), OH, OW);
        Kernels.fromDoubles(out, y);
        return y;
    }

    // dOut (B, C, OH, OW) -> dX (B, C, H, W): each output's gradient to the input that won its window
    @Override
    protected INDArray doBackward(INDArray dOut) {
        double[] g = Kernels.toDoubles(dOut), d = new double[(int) Shapes.size(inShape)];
        for (int k = 0; k < g.length; k++) d[argmax[k]] += g[k];
        dX = Buffers.reuse(dX, dOut.dataType(), inShape);
        Kernels.fromDoubles(d, dX);
        return dX;
    }

    /** (C, H, W) -> (C, OH, OW), OH = (H + 2p − k)/s + 1. */
    @Override
    public long[] outputShape(long[] in) {
        if (in.length != 3 || in[1] + 2L * padding < kernel || in[2] + 2L * padding < kernel) {
            throw wrongInput("(B, C, H, W) with H, W >= " + (kernel - 2 * padding), in);
        }
        return new long[] {in[0], (in[1] + 2L * padding - kernel) / stride + 1, (in[2] + 2L * padding - kernel) / stride + 1};
    }
}
