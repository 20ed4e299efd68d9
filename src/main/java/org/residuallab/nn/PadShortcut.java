package org.residuallab.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.fast.Buffers;
import org.residuallab.nn.fast.Kernels;

/**
 * He et al. (2015)'s shortcut option A: the identity, subsampled by the stride and padded with zero
 * channels where a stage widens. No parameters. (B, C, H, W) -> (B, O, H/s, W/s): the first C channels
 * are x[:, :, ::s, ::s], the other O − C are zeros. Option B is a 1×1 convolution and BatchNorm.
 */
public final class PadShortcut extends Layer {
    private final int in, out, stride;
    private long[] inShape;  // the last input's shape
    private INDArray y, dX;  // buffers
    private float[] vf, of, gf, df; // float32: the copies' Java arrays, kept between steps

    public PadShortcut(int in, int out, int stride) {
        super("padshortcut");
        Shapes.require(in >= 1, "in (input channels)", in, ">= 1");
        Shapes.require(out >= in, "out (output channels)", out, ">= in (" + in + ")");
        Shapes.require(stride >= 1, "stride", stride, ">= 1");
        this.in = in;
        this.out = out;
        this.stride = stride;
    }

    // x (B, C, H, W) -> y (B, O, OH, OW): y[b, c, i, j] = x[b, c, i·s, j·s] for c < C, else 0
    @Override
    protected INDArray doForward(INDArray x) {
        inShape = x.shape();
        int B = (int) x.size(0), H = (int) x.size(2), W = (int) x.size(3), OH = (H - 1) / stride + 1, OW = (W - 1) / stride + 1;
        y = Buffers.reuse(y, x.dataType(), B, out, OH, OW);
        if (x.dataType() == DataType.FLOAT) {   // float32: the same copy on floats
            float[] v = vf = Kernels.toFloats(x, vf), o = of = zeros(of, y.length());
            pixels(B, H, W, OH, OW, (yi, xi) -> o[yi] = v[xi]);
            Kernels.fromFloats(o, y);
            return y;
        }
        double[] v = Kernels.toDoubles(x), o = new double[B * out * OH * OW];
        pixels(B, H, W, OH, OW, (yi, xi) -> o[yi] = v[xi]);
        Kernels.fromDoubles(o, y);
        return y;
    }

    // dOut (B, O, OH, OW) -> dX (B, C, H, W): the first C channels go back to the pixels they came from
    @Override
    protected INDArray doBackward(INDArray dOut) {
        int B = (int) inShape[0], H = (int) inShape[2], W = (int) inShape[3], OH = (int) dOut.size(2), OW = (int) dOut.size(3);
        dX = Buffers.reuse(dX, dOut.dataType(), inShape);
        if (dOut.dataType() == DataType.FLOAT) {
            float[] g = gf = Kernels.toFloats(dOut, gf), d = df = zeros(df, dX.length());
            pixels(B, H, W, OH, OW, (yi, xi) -> d[xi] = g[yi]);
            Kernels.fromFloats(d, dX);
            return dX;
        }
        double[] g = Kernels.toDoubles(dOut), d = new double[(int) Shapes.size(inShape)];
        pixels(B, H, W, OH, OW, (yi, xi) -> d[xi] = g[yi]);
        Kernels.fromDoubles(d, dX);
        return dX;
    }

    // each kept pixel: its index in y (B, O, OH, OW) and in x (B, C, H, W)
    private void pixels(int B, int H, int W, int OH, int OW, Pixel f) {
        for (int b = 0; b < B; b++)
            for (int c = 0; c < in; c++)
                for (int i = 0; i < OH; i++)
                    for (int j = 0; j < OW; j++) f.copy(((b * out + c) * OH + i) * OW + j, ((b * in + c) * H + i * stride) * W + j * stride);
    }

    private interface Pixel {
        void copy(int yIndex, int xIndex);
    }

    // n zeros, in a if it has that length (the padded channels and the skipped pixels stay zero)
    private static float[] zeros(float[] a, long n) {
        if (a == null || a.length != n) return new float[(int) n];
        java.util.Arrays.fill(a, 0f);
        return a;
    }

    /** (C, H, W) -> (O, ⌈H/s⌉, ⌈W/s⌉). */
    @Override
    public long[] outputShape(long[] s) {
        if (s.length != 3 || s[0] != in) throw wrongInput("(B, " + in + ", H, W)", s);
        return new long[] {out, (s[1] - 1) / stride + 1, (s[2] - 1) / stride + 1};
    }
}
