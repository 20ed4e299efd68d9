package org.residuallab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.fast.Buffers;
import org.residuallab.nn.fast.Kernels;

/** The mean of each channel over its H·W pixels: (B, C, H, W) -> (B, C); dX = dOut / (H·W) on every pixel. */
public final class GlobalAvgPool extends Layer {
    private long[] inShape;  // the last input's shape
    private INDArray y, dX;  // buffers

    public GlobalAvgPool() {
        super("globalavgpool");
    }

    // x (B, C, H, W) -> y (B, C)
    @Override
    protected INDArray doForward(INDArray x) {
        inShape = x.shape();
        int planes = (int) (x.size(0) * x.size(1)), S = (int) (x.size(2) * x.size(3));
        double[] v = Kernels.toDoubles(x), out = new double[planes];
        for (int p = 0; p < planes; p++) {
            double s = 0;
            for (int i = p * S; i < (p + 1) * S; i++) s += v[i];
            out[p] = s / S;                                        // mean over the pixels
        }
        y = Buffers.reuse(y, x.dataType(), x.size(0), x.size(1));
        Kernels.fromDoubles(out, y);
        return y;
    }

    // dOut (B, C) -> dX (B, C, H, W)
    @Override
    protected INDArray doBackward(INDArray dOut) {
        int S = (int) (inShape[2] * inShape[3]);
        double[] g = Kernels.toDoubles(dOut), d = new double[g.length * S];
        for (int i = 0; i < d.length; i++) d[i] = g[i / S] / S;   // every pixel had weight 1/(H·W)
        dX = Buffers.reuse(dX, dOut.dataType(), inShape);
        Kernels.fromDoubles(d, dX);
        return dX;
    }

    /** (C, H, W) -> (C). */
    @Override
    public long[] outputShape(long[] in) {
        if (in.length != 3) throw wrongInput("(B, C, H, W)", in);
        return new long[] {in[0]};
    }
}
