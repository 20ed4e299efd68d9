package org.residuallab.nn;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A weight initialiser: fills a (fanIn, fanOut) matrix, or (O, C, k, k) filters, from a seeded {@link Random}.
 * <pre>Init.glorotUniform()  // U(-a, a), a = sqrt(6 / (fanIn + fanOut))
 * Init.he()            // N(0, 2 / fanIn), for ReLU</pre>
 */
@FunctionalInterface
public interface Init {
    double sample(Random rng, int fanIn, int fanOut);

    default String name() {
        return "custom";
    }

    /**
     * Fills {@code w} in row-major order: a Dense weight (fanIn, fanOut), or a convolution's filters
     * (O, C, k, k) with fanIn = C·k·k and fanOut = O·k·k (as PyTorch counts them).
     */
    default void fill(INDArray w, Random rng) {
        long[] s = w.shape();
        long field = 1;
        for (int d = 2; d < s.length; d++) field *= s[d];
        int fanIn = (int) (s.length == 2 ? s[0] : s[1] * field), fanOut = (int) (s.length == 2 ? s[1] : s[0] * field);
        double[] v = new double[(int) w.length()];
        for (int i = 0; i < v.length; i++) v[i] = sample(rng, fanIn, fanOut);
        w.assign(Nd4j.create(v, s, w.dataType()));
    }

    static Init named(String name, Init init) {
        return new Init() {
            public double sample(Random rng, int fanIn, int fanOut) { return init.sample(rng, fanIn, fanOut); }
            public String name() { return name; }
            public String toString() { return name; }
        };
    }

    /** Glorot & Bengio (2010): U(-a, a), a = sqrt(6 / (fanIn + fanOut)). Keras's default. */
    static Init glorotUniform() {
        return named("xavier", (r, in, out) -> (2 * r.nextDouble() - 1) * Math.sqrt(6.0 / (in + out)));
    }

    /** Glorot normal: N(0, 2 / (fanIn + fanOut)). */
    static Init glorotNormal() {
        return named("xavier-normal", (r, in, out) -> r.nextGaussian() * Math.sqrt(2.0 / (in + out)));
    }

    /** He et al. (2015) normal: N(0, 2 / fanIn), for ReLU. */
    static Init he() {
        return named("he", (r, in, out) -> r.nextGaussian() * Math.sqrt(2.0 / in));
    }

    /** He uniform: U(-a, a), a = sqrt(6 / fanIn). */
    static Init heUniform() {
        return named("he-uniform", (r, in, out) -> (2 * r.nextDouble() - 1) * Math.sqrt(6.0 / in));
    }

    /** LeCun normal: N(0, 1 / fanIn), for tanh / SELU. */
    static Init lecun() {
        return named("lecun", (r, in, out) -> r.nextGaussian() * Math.sqrt(1.0 / in));
    }

    /** N(0, std^2), e.g. the "small normal" 0.01 that makes deep nets vanish. */
    static Init normal(double std) {
        Shapes.require(std >= 0 && Double.isFinite(std), "std", std, ">= 0 and finite");
        return named("normal(" + std + ")", (r, in, out) -> r.nextGaussian() * std);
    }

    static Init zeros() {
        return named("zeros", (r, in, out) -> 0.0);
    }

    /** Parses the names used by the command line: xavier, xavier-normal, he, he-uniform, lecun, zeros, normal:0.01. */
    static Init parse(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        if (n.startsWith("normal:") || n.startsWith("normal(")) {
            String num = n.substring(7).replace(")", "");
            return normal(Double.parseDouble(num));
        }
        switch (n) {
            case "xavier": case "glorot": case "glorot-uniform": case "xavier-uniform": return glorotUniform();
            case "xavier-normal": case "glorot-normal": return glorotNormal();
            case "he": case "kaiming": case "he-normal": return he();
            case "he-uniform": case "kaiming-uniform": return heUniform();
            case "lecun": return lecun();
            case "zeros": return zeros();
            default: throw new IllegalArgumentException("unknown init '" + name
                    + "': expected xavier, xavier-normal, he, he-uniform, lecun, zeros or normal:<std>");
        }
    }
}
