package org.residuallab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.Dense;
import org.residuallab.nn.Loss;
import org.residuallab.nn.Model;
import org.residuallab.nn.ResidualBlock;
import org.residuallab.nn.Sequential;
import org.residuallab.nn.Tanh;

/** NumPy reads the exported files and recomputes the loss and the gradients of a small residual model. */
class NumpyCrossCheckTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @BeforeAll
    static void needsNumpy() throws InterruptedException {
        assumeTrue(run("import numpy", null) == 0,
                "skipped: " + PYTHON + " has no NumPy (install it with: apt-get install -y python3-numpy)");
    }

    private static final String SCRIPT = String.join("\n",
            "import sys, numpy as np",
            "d = sys.argv[1]",
            "L = lambda n: np.load(d + '/' + n + '.npy')",
            "x, t = L('input'), L('target')",
            "W1, b1, W2, b2, W3, b3 = L('dense1.W'), L('dense1.b'), L('block1.body.dense1.W'), L('block1.body.dense1.b'), L('dense2.W'), L('dense2.b')",
            "h = x @ W1 + b1                      # stem",
            "a = np.tanh(h @ W2 + b2)            # residual branch F(h)",
            "r = a + h                           # add the skip",
            "z = r @ W3 + b3                     # logits",
            "z = z - z.max(axis=1, keepdims=True)",
            "logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))",
            "B = x.shape[0]",
            "loss = -(t * logp).sum() / B",
            "dz = (np.exp(logp) - t) / B",
            "dW3 = r.T @ dz",
            "dr = dz @ W3.T",
            "dpre = dr * (1 - a ** 2)",
            "dW2 = h.T @ dpre",
            "dh = dpre @ W2.T + dr               # branch plus skip",
            "dW1 = x.T @ dh",
            "tol = float(sys.argv[2])",
            "checks = [('loss', loss, L('loss')), ('output', r @ W3 + b3, L('output')),",
            "          ('dense2.W', dW3, L('grad.dense2.W')), ('block1.body.dense1.W', dW2, L('grad.block1.body.dense1.W')),",
            "          ('dense1.W', dW1, L('grad.dense1.W')), ('dense1.b', dh.sum(axis=0, keepdims=True), L('grad.dense1.b'))]",
            "bad = 0",
            "for name, mine, theirs in checks:",
            "    err = np.max(np.abs(mine - theirs)) / max(np.max(np.abs(mine)), 1e-12)",
            "    print(f'{name:24s} numpy vs residual-lab: max relative difference {err:.2e}')",
            "    bad += err > tol",
            "sys.exit(1 if bad else 0)");

    @Test
    void numpyRecomputesTheLossAndGradientsOfAFloat64Model() throws Exception {
        assertNumpyAgrees(DataType.DOUBLE, 1e-12);
    }

    @Test
    void numpyRecomputesTheLossAndGradientsOfAFloat32Model() throws Exception {
        assertNumpyAgrees(DataType.FLOAT, 1e-5);
    }

    private void assertNumpyAgrees(DataType type, double tol) throws IOException, InterruptedException {
        Sequential net = Sequential.of(new Dense(4, 6), ResidualBlock.of(new Dense(6, 6), new Tanh()), new Dense(6, 3));
        Model m = Model.of("tiny", net).seed(11).dtype(type);
        m.params().forEach(p -> p.value().addi(0.1)); // non-zero biases
        java.util.Random rng = new java.util.Random(5);
        double[] v = new double[20];
        for (int i = 0; i < v.length; i++) v[i] = 2 * rng.nextGaussian();
        INDArray x = Nd4j.create(v, new long[] {5, 4}, DataType.DOUBLE);
        ModelIO.exportNpy(m, x, Loss.oneHot(new int[] {0, 2, 1, 1, 0}, 3, DataType.DOUBLE), dir);
        Path script = dir.resolve("check.py");
        Files.writeString(script, SCRIPT);
        StringBuilder out = new StringBuilder();
        int code = run(null, out, script.toString(), dir.toString(), Double.toString(tol));
        assertEquals(0, code, () -> "NumPy disagrees:\n" + out);
    }

    private static int run(String code, StringBuilder out, String... args) throws InterruptedException {
        try {
            String[] cmd = new String[args.length + (code != null ? 3 : 1)];
            cmd[0] = PYTHON;
            int k = 1;
            if (code != null) { cmd[1] = "-c"; cmd[2] = code; k = 3; }
            System.arraycopy(args, 0, cmd, k, args.length);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (out != null) out.append(text);
            if (!p.waitFor(60, TimeUnit.SECONDS)) { p.destroyForcibly(); return -1; }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        }
    }

}
