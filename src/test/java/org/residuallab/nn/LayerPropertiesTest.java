package org.residuallab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.check.GradCheck;
import org.residuallab.check.GradReport;

/**
 * Properties of every layer and block, over seeded random configurations: random valid shapes and hyper-parameters keep
 * forward and backward shapes as outputShape says, finite input gives finite output and gradients, small random
 * configurations pass the float64 gradient check, and random invalid configurations fail at construction naming the
 * argument. A layer class of org.residuallab.nn without a generator in {@link #VALID} fails
 * {@link #everyLayerClassHasAGenerator}. {@code -Dproperties.cases=N} sets the valid configurations per class (default 20; the first 3 of each are gradient-checked).
 */
class LayerPropertiesTest {
    static final int CASES = Integer.getInteger("properties.cases", 20), GRAD_CASES = Integer.getInteger("properties.gradcases", 3);
    static final AtomicInteger RAN = new AtomicInteger(), GRADS = new AtomicInteger(), INVALID = new AtomicInteger();

    /** A layer and the shape of one example it takes; {@code tokens}: integer ids below {@code vocab}; {@code grad}: gradient-checkable. */
    record Config(String label, Layer layer, long[] example, int vocab, boolean grad) {
        Config(String label, Layer layer, long... example) { this(label, layer, example, 0, true); }
    }

    static int in(Random r, int lo, int hi) { return lo + r.nextInt(hi - lo + 1); }

    static String act(Random r) { return List.of("relu", "tanh", "sigmoid", "gelu", "leaky-relu", "identity").get(r.nextInt(6)); }

    static Config convInput(Random r, String label, Layer l, int c, int size) { return new Config(label, l, c, size, size); }

    /** One random valid configuration per call, by the layer class it makes. */
    static final Map<Class<? extends Layer>, Function<Random, Config>> VALID = new LinkedHashMap<>();
    static {
        VALID.put(Dense.class, r -> { int i = in(r, 1, 9), o = in(r, 1, 9); return r.nextBoolean() ? new Config("Dense(" + i + ", " + o + ")", new Dense(i, o), i)
                : new Config("Dense(" + i + ", " + o + ") on (T, C)", new Dense(i, o), in(r, 1, 4), i); });
        VALID.put(ReLU.class, r -> new Config("ReLU", new ReLU(), in(r, 1, 9)));
        VALID.put(Tanh.class, r -> new Config("Tanh", new Tanh(), in(r, 1, 3), in(r, 1, 5)));
        VALID.put(Sigmoid.class, r -> new Config("Sigmoid", new Sigmoid(), in(r, 1, 9)));
        VALID.put(GELU.class, r -> new Config("GELU", new GELU(), in(r, 1, 9)));
        VALID.put(Identity.class, r -> new Config("Identity", new Identity(), in(r, 1, 2), in(r, 1, 3), in(r, 1, 3)));
        VALID.put(LeakyReLU.class, r -> { double s = r.nextDouble() * 0.99; return new Config("LeakyReLU(" + s + ")", new LeakyReLU(s), in(r, 1, 9)); });
        VALID.put(Dropout.class, r -> { double p = r.nextDouble() * 0.9; return new Config("Dropout(" + p + ")", new Dropout(p), in(r, 1, 9)); });
        VALID.put(BatchNorm.class, r -> { int w = in(r, 1, 8); return new Config("BatchNorm(" + w + ")", new BatchNorm(w), w); });
        VALID.put(BatchNorm2d.class, r -> { int c = in(r, 1, 4); return convInput(r, "BatchNorm2d(" + c + ")", new BatchNorm2d(c), c, in(r, 1, 5)); });
        VALID.put(LayerNorm.class, r -> { int w = in(r, 2, 8); return new Config("LayerNorm(" + w + ")", new LayerNorm(w), in(r, 1, 3), w); });
        VALID.put(Conv2d.class, r -> { int c = in(r, 1, 3), o = in(r, 1, 4), k = in(r, 1, 3), s = in(r, 1, 2), p = in(r, 0, k - 1), size = in(r, k, 6);
            return convInput(r, "Conv2d(" + c + ", " + o + ", k" + k + ", s" + s + ", p" + p + ")", new Conv2d(c, o, k, s, p, r.nextBoolean()), c, size); });
        VALID.put(MaxPool2d.class, r -> { int k = in(r, 1, 3), s = in(r, 1, 2), p = in(r, 0, k / 2);
            return convInput(r, "MaxPool2d(k" + k + ", s" + s + ", p" + p + ")", new MaxPool2d(k, s, p), in(r, 1, 3), in(r, k, 6)); });
        VALID.put(GlobalAvgPool.class, r -> convInput(r, "GlobalAvgPool", new GlobalAvgPool(), in(r, 1, 4), in(r, 1, 5)));
        VALID.put(Flatten.class, r -> convInput(r, "Flatten", new Flatten(), in(r, 1, 3), in(r, 1, 4)));
        VALID.put(PadShortcut.class, r -> { int c = in(r, 1, 3), o = c + in(r, 0, 3), s = in(r, 1, 2);
            return convInput(r, "PadShortcut(" + c + ", " + o + ", s" + s + ")", new PadShortcut(c, o, s), c, in(r, 2, 6)); });
        VALID.put(CausalSelfAttention.class, r -> { int h = in(r, 1, 3), w = h * in(r, 1, 3);
            return new Config("CausalSelfAttention(" + w + ", " + h + ")", new CausalSelfAttention(w, h), in(r, 1, 5), w); });
        VALID.put(Embedding.class, r -> { int v = in(r, 2, 12), w = in(r, 1, 6);
            return new Config("Embedding(" + v + ", " + w + ")", new Embedding(v, w), new long[] {in(r, 1, 5)}, v, false); });
        VALID.put(PositionalEmbedding.class, r -> { int t = in(r, 1, 6), w = in(r, 1, 5);
            return new Config("PositionalEmbedding(" + t + ", " + w + ")", new PositionalEmbedding(t, w), in(r, 1, t), w); });
        VALID.put(TiedHead.class, r -> { int v = in(r, 2, 9), w = in(r, 1, 5);
            // not gradient-checked alone: its table is its Embedding's, which a cast of the head alone leaves float32
            return new Config("TiedHead(vocab " + v + ", " + w + ")", new TiedHead(new Embedding(v, w)), new long[] {w}, 0, false); });
        VALID.put(Sequential.class, r -> { int i = in(r, 1, 6), o = in(r, 1, 6);
            return new Config("Sequential(Dense, " + "act, Dense)", Sequential.of(new Dense(i, o), Activation.parse(act(r)), new Dense(o, in(r, 1, 4))), i); });
        VALID.put(TransformerBlock.class, r -> { int h = in(r, 1, 2), w = h * in(r, 1, 3) * 2;
            TransformerBlock.Variant v = TransformerBlock.Variant.values()[r.nextInt(TransformerBlock.Variant.values().length)];
            return new Config("TransformerBlock(" + v + ", " + w + ", " + h + ")", TransformerBlock.of(v, w, h), in(r, 1, 4), w); });
        VALID.put(ResidualBlock.class, r -> block(r, BlockKind.RESIDUAL));
        VALID.put(PlainBlock.class, r -> block(r, BlockKind.PLAIN));
    }

    // a block of either kind: an MLP block, or one of the three convolutional blocks with either shortcut option
    static Config block(Random r, BlockKind kind) {
        switch (r.nextInt(4)) {
            case 0: { int w = in(r, 1, 6), layers = in(r, 1, 2); String a = act(r); boolean bn = r.nextBoolean();
                return new Config(kind + " mlp block(" + w + ", " + a + ", " + layers + (bn ? ", bn" : "") + ")", Blocks.mlp(kind, w, a, Init.he(), layers, bn), w); }
            case 1: { int c = in(r, 1, 3), o = c * in(r, 1, 2), s = o > c ? 2 : 1; Shortcut sc = Shortcut.values()[r.nextInt(Shortcut.values().length)];
                return convInput(r, kind + " basic(" + c + ", " + o + ", s" + s + ", " + sc + ")", ConvBlocks.basic(kind, c, o, s, sc), c, in(r, 2, 5)); }
            case 2: { int mid = in(r, 1, 2), c = in(r, 1, 4 * mid), s = in(r, 1, 2);   // option A pads: out = 4·mid >= in
                Shortcut sc = Shortcut.values()[r.nextInt(Shortcut.values().length)];
                return convInput(r, kind + " bottleneck(" + c + ", " + mid + ", s" + s + ", " + sc + ")", ConvBlocks.bottleneck(kind, c, mid, s, sc), c, in(r, 2, 4)); }
            default: { int c = in(r, 1, 3), o = c * in(r, 1, 2), s = o > c ? 2 : 1; Shortcut sc = Shortcut.values()[r.nextInt(Shortcut.values().length)];
                return convInput(r, kind + " preActivation(" + c + ", " + o + ", s" + s + ", " + sc + ")", ConvBlocks.preActivation(kind, c, o, s, sc), c, in(r, 2, 5)); }
        }
    }

    /** Invalid constructions: a random bad value, and the argument the message must name. */
    record Invalid(String label, Supplier<Object> make, String argument) {}

    static List<Invalid> invalid(Random r) {
        int neg = -r.nextInt(1000), pos = in(r, 1, 50);
        double badP = r.nextBoolean() ? 1 + r.nextDouble() * 10 : -r.nextDouble() - 1e-9;
        return List.of(
                new Invalid("Dense(in " + neg + ")", () -> new Dense(neg, pos), "in (input width)"),
                new Invalid("Dense(out " + neg + ")", () -> new Dense(pos, neg), "out (output width)"),
                new Invalid("Conv2d(in " + neg + ")", () -> new Conv2d(neg, pos, 3), "in (input channels)"),
                new Invalid("Conv2d(kernel " + neg + ")", () -> new Conv2d(pos, pos, neg), "kernel"),
                new Invalid("Conv2d(stride " + neg + ")", () -> new Conv2d(pos, pos, 3, neg, 1, true), "stride"),
                new Invalid("Conv2d(padding = kernel " + pos + ")", () -> new Conv2d(2, 2, pos, 1, pos, true), "padding"),
                new Invalid("MaxPool2d(kernel " + neg + ")", () -> new MaxPool2d(neg, 1, 0), "kernel"),
                new Invalid("MaxPool2d(padding > kernel/2)", () -> new MaxPool2d(pos, 1, pos), "padding"),
                new Invalid("PadShortcut(out < in)", () -> new PadShortcut(pos + 1, pos, 1), "out (output channels)"),
                new Invalid("CausalSelfAttention(heads not dividing " + (2 * pos + 1) + ")", () -> new CausalSelfAttention(2 * pos + 1, 2), "heads"),
                new Invalid("CausalSelfAttention(width " + neg + ")", () -> new CausalSelfAttention(neg, 1), "width (C)"),
                new Invalid("Embedding(vocab " + neg + ")", () -> new Embedding(neg, pos), "vocab"),
                new Invalid("PositionalEmbedding(context " + neg + ")", () -> new PositionalEmbedding(neg, pos), "context"),
                new Invalid("Dropout(p " + badP + ")", () -> new Dropout(badP), "dropout probability p"),
                new Invalid("LeakyReLU(slope " + badP + ")", () -> new LeakyReLU(badP), "slope"),
                new Invalid("BatchNorm(width " + neg + ")", () -> new BatchNorm(neg), "width"),
                new Invalid("BatchNorm(momentum " + badP + ")", () -> new BatchNorm(pos, badP, 1e-5), "momentum"),
                new Invalid("BatchNorm2d(channels " + neg + ")", () -> new BatchNorm2d(neg), "width"),
                new Invalid("LayerNorm(eps " + (-pos) + ")", () -> new LayerNorm(pos, -pos), "eps"),
                new Invalid("TransformerBlock(heads not dividing)", () -> TransformerBlock.of(TransformerBlock.Variant.PRE_LN, 2 * pos + 1, 2), "heads"),
                new Invalid("Blocks.mlp(layers " + neg + ")", () -> Blocks.mlp(BlockKind.RESIDUAL, pos, "relu", Init.he(), neg, false), "layers per block"),
                new Invalid("Blocks.mlp(activation 'swishy')", () -> Blocks.mlp(BlockKind.RESIDUAL, pos, "swishy", Init.he(), 1, false), "swishy"),
                new Invalid("ConvBlocks.basic(shortcut null)", () -> ConvBlocks.basic(BlockKind.RESIDUAL, pos, 2 * pos, 2, null), "shortcut"),
                new Invalid("TiedHead(null)", () -> new TiedHead(null), "embedding"),
                new Invalid("Mlp width " + neg, () -> Models.mlp(2, neg, "relu", Init.he(), BlockKind.RESIDUAL), "width"),
                new Invalid("ResNet.width " + neg, () -> Models.resnet(1).width(neg), "width"),
                new Invalid("transformer layers " + neg, () -> Models.transformer(neg, 8, 2, 10, 4, TransformerBlock.Variant.PRE_LN), "layers"));
    }

    static Stream<Arguments> valid() {
        List<Arguments> all = new ArrayList<>();
        for (var e : VALID.entrySet()) {
            Random r = new Random(18 + e.getKey().getSimpleName().hashCode());
            for (int i = 0; i < CASES; i++) {
                long seed = r.nextLong();
                all.add(Arguments.of(e.getKey().getSimpleName(), i, seed, i < GRAD_CASES));
            }
        }
        return all.stream();
    }

    static INDArray input(Config c, int batch, Random r, DataType type) {
        long[] shape = new long[c.example().length + 1];
        shape[0] = batch;
        System.arraycopy(c.example(), 0, shape, 1, c.example().length);
        if (c.vocab() > 0) {
            INDArray ids = Nd4j.create(type, shape);
            for (long i = 0; i < ids.length(); i++) ids.putScalar(i, r.nextInt(c.vocab()));
            return ids;
        }
        double scale = Math.pow(10, -2 + 4 * r.nextDouble());   // 0.01 .. 100
        return Nd4j.randn(r.nextLong(), shape).castTo(type).muli(scale);
    }

    @ParameterizedTest(name = "{0} #{1}")
    @MethodSource("valid")
    void randomValidConfigurationsKeepShapesAndFiniteValues(String kind, int i, long seed, boolean gradCheck) {
        Random r = new Random(seed);
        Config c = VALID.entrySet().stream().filter(e -> e.getKey().getSimpleName().equals(kind)).findFirst().orElseThrow().getValue().apply(r);
        Layer l = c.layer();
        l.init(r);
        int batch = in(r, 2, 4);
        INDArray x = input(c, batch, r, DataType.FLOAT);
        INDArray y = l.forward(x);
        long[] expected = l.outputShape(c.example());
        assertArrayEquals(expected, Shapes.example(y.shape()), c.label() + ": forward's shape vs outputShape");
        assertTrue(y.size(0) == batch, c.label());
        assertTrue(finite(y), c.label() + ": non-finite output for finite input " + Shapes.str(x.shape()));
        INDArray dX = l.backward(Nd4j.randn(r.nextLong(), y.shape()).castTo(DataType.FLOAT));
        assertArrayEquals(x.shape(), dX.shape(), c.label() + ": backward's shape");
        assertTrue(finite(dX), c.label() + ": non-finite input gradient");
        for (Param p : l.params()) {
            if (p.trainable()) assertTrue(finite(p.grad()), c.label() + ": non-finite gradient of " + p.path());
        }
        RAN.incrementAndGet();
        if (gradCheck && c.grad()) {
            Config small = VALID.entrySet().stream().filter(e -> e.getKey().getSimpleName().equals(kind)).findFirst().orElseThrow().getValue().apply(new Random(seed));
            small.layer().init(new Random(seed));
            INDArray x64 = Nd4j.randn(seed + 2, input(small, 2, new Random(seed + 1), DataType.DOUBLE).shape()).castTo(DataType.DOUBLE);
            GradReport report = GradCheck.layer(small.layer()).input(x64).sample(40).seed(seed).run();
            assertTrue(report.passed(), small.label() + " (float64): " + report);
            GRADS.incrementAndGet();
        }
    }

    @Test
    void randomInvalidConfigurationsFailAtConstructionNamingTheArgument() {
        Random r = new Random(18);
        for (int round = 0; round < CASES; round++) {
            for (Invalid v : invalid(r)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, v.make()::get, v.label() + " was accepted");
                assertTrue(e.getMessage().contains(v.argument()), v.label() + ": the message does not name '" + v.argument() + "': " + e.getMessage());
                INVALID.incrementAndGet();
            }
        }
    }

    /** Every concrete layer class of org.residuallab.nn has a generator: a new layer joins these properties by getting one. */
    @Test
    void everyLayerClassHasAGenerator() throws Exception {
        Path dir = Path.of(Layer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve("org/residuallab/nn");
        TreeSet<String> missing = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString().contains("$")).toList()) {
                Class<?> c = Class.forName("org.residuallab.nn." + f.getFileName().toString().replace(".class", ""));
                if (Layer.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers()) && Modifier.isPublic(c.getModifiers()) && !VALID.containsKey(c)) {
                    missing.add(c.getSimpleName());
                }
            }
        }
        if (!missing.isEmpty()) {
            fail("layers without a generator of random valid configurations: " + missing + ". Add one to LayerPropertiesTest.VALID "
                    + "(a lambda from a Random to a Config: the layer and one example's input shape), and its invalid arguments to invalid().");
        }
    }

    @AfterAll
    static void report() {
        System.out.println("[properties] " + VALID.size() + " layer classes: " + RAN.get() + " random valid configurations (shapes, finite values), "
                + GRADS.get() + " float64 gradient checks, " + INVALID.get() + " random invalid configurations refused naming the argument");
    }

    private static boolean finite(INDArray a) {
        if (a == null || a.length() == 0) return true;
        double s = a.castTo(DataType.DOUBLE).sumNumber().doubleValue(), m = a.castTo(DataType.DOUBLE).amaxNumber().doubleValue();
        return Double.isFinite(s) && Double.isFinite(m);
    }
}
