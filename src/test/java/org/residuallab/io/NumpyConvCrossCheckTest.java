package org.residuallab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Loss;
import org.residuallab.nn.Model;
import org.residuallab.nn.Param;
import org.residuallab.nn.ResNet;
import org.residuallab.nn.Shortcut;

/**
 * NumPy reads the exported files of a small CIFAR ResNet (ResNet-8: a stem, three basic blocks, two of them
 * downsampling, global average pooling, a Dense head) and recomputes, in float64 with its own convolution,
 * BatchNorm (batch statistics, as in training), ReLU, shortcut, pooling and softmax cross-entropy, the loss,
 * the output and the gradient of every parameter. The net's structure (strides, paddings, shortcut kinds) comes
 * from the manifest's layer list.
 */
class NumpyConvCrossCheckTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @BeforeAll
    static void needsNumpy() throws InterruptedException {
        assumeTrue(run(null, "-c", "import numpy") == 0,
                "skipped: " + PYTHON + " has no NumPy (install it with: apt-get install -y python3-numpy)");
    }

    private static final String SCRIPT = """
            import sys, json, numpy as np
            d, tol = sys.argv[1], float(sys.argv[2])
            M = json.load(open(d + '/manifest.json'))
            layers = {l['name']: l for l in M['layers']}
            L = lambda n: np.load(d + '/' + n + '.npy').astype(np.float64)
            EPS = 1e-5                      # BatchNorm2d's default
            grads = {}

            def add(name, g):
                grads[name] = grads.get(name, 0) + g

            def conv(name, x):              # x (B, C, H, W), W (O, C, k, k): unfold the patches, then one product
                W, s, p = L(name + '.W'), layers[name]['stride'], layers[name]['padding']
                B, C, H, Wd = x.shape
                O, _, k, _ = W.shape
                xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
                OH, OW = (H + 2 * p - k) // s + 1, (Wd + 2 * p - k) // s + 1
                cols = np.empty((B, C, k, k, OH, OW))
                for i in range(k):
                    for j in range(k):
                        cols[:, :, i, j] = xp[:, :, i:i + s * OH:s, j:j + s * OW:s]
                def back(dy):
                    add(name + '.W', np.einsum('bohw,bcijhw->ocij', dy, cols))
                    dcols, dxp = np.einsum('bohw,ocij->bcijhw', dy, W), np.zeros_like(xp)
                    for i in range(k):
                        for j in range(k):
                            dxp[:, :, i:i + s * OH:s, j:j + s * OW:s] += dcols[:, :, i, j]
                    return dxp[:, :, p:p + H, p:p + Wd]
                return np.einsum('bcijhw,ocij->bohw', cols, W), back

            def bn(name, x):                # per channel over (B, H, W), biased variance
                g, b = L(name + '.gamma').reshape(1, -1, 1, 1), L(name + '.beta').reshape(1, -1, 1, 1)
                mu, var = x.mean(axis=(0, 2, 3), keepdims=True), x.var(axis=(0, 2, 3), keepdims=True)
                rstd = 1 / np.sqrt(var + EPS)
                xh = (x - mu) * rstd
                n = x.shape[0] * x.shape[2] * x.shape[3]
                def back(dy):
                    add(name + '.gamma', (dy * xh).sum(axis=(0, 2, 3)).reshape(1, -1))
                    add(name + '.beta', dy.sum(axis=(0, 2, 3)).reshape(1, -1))
                    dxh = dy * g
                    return rstd / n * (n * dxh - dxh.sum(axis=(0, 2, 3), keepdims=True) - xh * (dxh * xh).sum(axis=(0, 2, 3), keepdims=True))
                return g * xh + b, back

            def relu(x):
                m = x > 0
                return x * m, lambda dy: dy * m

            def chain(x, ops):
                backs = []
                for op in ops:
                    x, b = op(x)
                    backs.append(b)
                def back(dy):
                    for b in reversed(backs):
                        dy = b(dy)
                    return dy
                return x, back

            def pad_shortcut(name, x):      # option A: x[:, :, ::s, ::s] and zero channels
                out = layers[name]['output']
                s = 1
                while (x.shape[2] - 1) // s + 1 != out[1]:
                    s += 1
                y = np.zeros((x.shape[0],) + tuple(out))
                y[:, :x.shape[1]] = x[:, :, ::s, ::s]
                def back(dy):
                    dx = np.zeros_like(x)
                    dx[:, :, ::s, ::s] = dy[:, :x.shape[1]]
                    return dx
                return y, back

            def block(name, x):
                f, fb = chain(x, [lambda z: conv(name + '.body.conv2d1', z), lambda z: bn(name + '.body.batchnorm2d1', z), relu,
                                  lambda z: conv(name + '.body.conv2d2', z), lambda z: bn(name + '.body.batchnorm2d2', z)])
                kind = layers.get(name + '.shortcut', {'kind': None})['kind']
                if kind is None:             # the plain twin: no skip
                    s, sb = 0, None
                elif kind == 'Identity':
                    s, sb = x, lambda dy: dy
                elif kind == 'PadShortcut':
                    s, sb = pad_shortcut(name + '.shortcut', x)
                else:                        # option B: 1x1 convolution and BatchNorm
                    s, sb = chain(x, [lambda z: conv(name + '.shortcut.conv2d1', z), lambda z: bn(name + '.shortcut.batchnorm2d1', z)])
                y, rb = relu(f + s)
                def back(dy):
                    dsum = rb(dy)
                    dx = fb(dsum)
                    return dx + sb(dsum) if sb else dx
                return y, back

            x, t = L('input'), L('target')
            blocks = sorted((n for n in layers if n.startswith('block') and '.' not in n), key=lambda n: int(n[5:]))
            h, back = chain(x, [lambda z: conv('conv2d1', z), lambda z: bn('batchnorm2d1', z), relu] + [lambda z, n=n: block(n, z) for n in blocks])
            pooled = h.mean(axis=(2, 3))
            W, b = L('head.dense1.W'), L('head.dense1.b')
            z = pooled @ W + b
            zs = z - z.max(axis=1, keepdims=True)
            logp = zs - np.log(np.exp(zs).sum(axis=1, keepdims=True))
            B = x.shape[0]
            loss = -(t * logp).sum() / B
            dz = (np.exp(logp) - t) / B
            add('head.dense1.W', pooled.T @ dz)
            add('head.dense1.b', dz.sum(axis=0, keepdims=True))
            dh = np.broadcast_to((dz @ W.T)[:, :, None, None], h.shape) / (h.shape[2] * h.shape[3])
            back(dh)

            checks = [('loss', loss, L('loss')), ('output', z, L('output'))]
            checks += [(p['name'], grads[p['name']], L('grad.' + p['name'])) for p in M['params'] if p['trainable']]
            bad = 0
            for name, mine, theirs in checks:
                err = np.max(np.abs(mine - theirs)) / max(np.max(np.abs(mine)), 1e-12)
                print(f'{name:40s} numpy vs residual-lab: max relative difference {err:.2e}')
                bad += err > tol
            print(f'{len(checks)} checks')
            sys.exit(1 if bad else 0)
            """;

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of(BlockKind.RESIDUAL, Shortcut.ZERO_PAD, DataType.DOUBLE, 1e-10),
                Arguments.of(BlockKind.RESIDUAL, Shortcut.PROJECTION, DataType.DOUBLE, 1e-10),
                Arguments.of(BlockKind.PLAIN, Shortcut.ZERO_PAD, DataType.DOUBLE, 1e-10),
                Arguments.of(BlockKind.RESIDUAL, Shortcut.ZERO_PAD, DataType.FLOAT, 1e-4));   // float32: ND4J's oneDNN convolutions
    }

    @ParameterizedTest(name = "{0} ResNet-8, shortcut {1}, {2}")
    @MethodSource("models")
    void numpyRecomputesTheLossAndEveryGradientOfAConvNet(BlockKind kind, Shortcut shortcut, DataType type, double tol) throws Exception {
        Model m = ResNet.cifar(8, kind).width(2).shortcut(shortcut).inputs(1, 6, 6).classes(3).seed(3).build().dtype(type);
        for (Param p : m.params()) {
            if (p.trainable() && p.name().matches("gamma|beta")) p.value().addi(0.3 * (p.name().equals("gamma") ? 1 : -1)); // not 1 and 0
        }
        Random rng = new Random(5);
        double[] v = new double[4 * 36];
        for (int i = 0; i < v.length; i++) v[i] = rng.nextGaussian();
        INDArray x = Nd4j.create(v, new long[] {4, 1, 6, 6}, DataType.DOUBLE);
        double loss = ModelIO.exportNpy(m, x, Loss.oneHot(new int[] {0, 2, 1, 1}, 3, DataType.DOUBLE), dir);
        assertTrue(Double.isFinite(loss));
        Path script = dir.resolve("check.py");
        Files.writeString(script, SCRIPT);
        StringBuilder out = new StringBuilder();
        int code = run(out, script.toString(), dir.toString(), Double.toString(tol));
        assertEquals(0, code, () -> "NumPy disagrees:\n" + out);
        long trainable = m.params().stream().filter(Param::trainable).count();
        assertTrue(out.toString().contains((trainable + 2) + " checks"), "loss, output and every trainable parameter:\n" + out);
    }

    private static int run(StringBuilder out, String... args) throws InterruptedException {
        try {
            String[] cmd = new String[args.length + 1];
            cmd[0] = PYTHON;
            System.arraycopy(args, 0, cmd, 1, args.length);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (out != null) out.append(text);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        }
    }
}
