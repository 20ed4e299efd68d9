package org.residuallab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.residuallab.nn.AttentionTest.sequence;
import static org.residuallab.nn.TestData.values;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.check.GradCheckSuite;
import org.residuallab.nn.TransformerBlock.Variant;

/** The four residual arrangements of a transformer block, each read off its formula. */
class TransformerBlockTest {

    private static TransformerBlock block(Variant v) {
        TransformerBlock b = TransformerBlock.of(v, 8, 2);
        b.castTo(DataType.DOUBLE);
        GradCheckSuite.randomize(b, new Random(11));
        return b;
    }

    private final INDArray x = sequence(3, 2, 5, 8, DataType.DOUBLE);

    @Test
    void preLnBlockAddsIntoTheResidualStream() {
        TransformerBlock b = block(Variant.PRE_LN);
        Block attn = b.attention(), mlp = b.mlp();
        INDArray h = attn.forward(x);
        // x + Attn(LN(x)): the sub-block's output minus its input is exactly what its branch computed
        assertArrayEquals(values(attn.body().forward(x)), values(h.sub(x)), 1e-12);
        assertInstanceOf(LayerNorm.class, attn.body().get(0));
        assertInstanceOf(Identity.class, ((ResidualBlock) attn).shortcut());
        assertArrayEquals(values(mlp.body().forward(h)), values(mlp.forward(h).sub(h)), 1e-12);
        assertArrayEquals(values(mlp.forward(attn.forward(x))), values(b.forward(x)), 1e-12);
    }

    @Test
    void preLnBlockWithSilentBranchesIsTheIdentityForwardAndBackward() {
        TransformerBlock b = block(Variant.PRE_LN);
        for (Block s : new Block[] {b.attention(), b.mlp()}) {
            Sequential body = s.body();
            Layer last = body.get(body.size() - 1);
            Dense out = last instanceof CausalSelfAttention ? ((CausalSelfAttention) last).proj() : (Dense) last;
            out.weight().value().assign(0);
            out.bias().value().assign(0);
        }
        assertArrayEquals(values(x), values(b.forward(x)), 0.0);
        INDArray dOut = sequence(4, 2, 5, 8, DataType.DOUBLE);
        assertArrayEquals(values(dOut), values(b.backward(dOut)), 0.0, "the skips carry the gradient unchanged");
    }

    @Test
    void postLnBlockNormalisesAfterTheAdd() {
        TransformerBlock b = TransformerBlock.of(Variant.POST_LN, 8, 2);
        b.castTo(DataType.DOUBLE);
        Block attn = b.attention();
        assertInstanceOf(LayerNorm.class, attn.post());
        INDArray h = attn.forward(x);
        LayerNorm ln = new LayerNorm(8);
        ln.castTo(DataType.DOUBLE);
        assertArrayEquals(values(ln.forward(x.add(attn.body().forward(x)))), values(h), 1e-12); // LN(x + Attn(x))
        INDArray rowMeans = h.mean(2);
        assertEquals(0.0, rowMeans.amaxNumber().doubleValue(), 1e-12, "each position normalised");
    }

    @Test
    void noSkipBlockIsThePreLnBlockWithoutTheSkip() {
        TransformerBlock plain = block(Variant.NO_SKIP), res = block(Variant.PRE_LN);
        assertEquals(TestData.paramCount(res), TestData.paramCount(plain), "the same parameters");
        assertInstanceOf(PlainBlock.class, plain.attention());
        INDArray h = plain.attention().forward(x);
        assertArrayEquals(values(plain.attention().body().forward(x)), values(h), 1e-12); // Attn(LN(x)), no x added
        assertArrayEquals(values(res.attention().forward(x).sub(x)), values(h), 1e-12, "same weights: the residual adds exactly x");
    }

    @Test
    void reZeroBlockStartsAsTheIdentityAndLearnsItsAlpha() {
        TransformerBlock b = TransformerBlock.of(Variant.REZERO, 8, 2);
        b.castTo(DataType.DOUBLE);
        assertEquals(0.0, b.attention().alpha());
        assertTrue(b.attention().alphaLearnable() && b.mlp().alphaLearnable());
        assertFalse(b.params().stream().anyMatch(p -> p.path().contains("layernorm")), "ReZero has no LayerNorm");
        assertArrayEquals(values(x), values(b.forward(x)), 0.0, "x + 0·F(x) = x");
        b.backward(sequence(5, 2, 5, 8, DataType.DOUBLE));
        Param alpha = b.params().stream().filter(p -> p.name().equals("alpha")).findFirst().orElseThrow();
        assertNotEquals(0.0, alpha.grad().getDouble(0), "dα = Σ dOut·F(x) is not zero");
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyVariantKeepsTheSequenceShapeAndNamesItsSubBlocks(Variant v) {
        TransformerBlock b = block(v);
        assertArrayEquals(x.shape(), b.forward(x).shape());
        assertArrayEquals(new long[] {5, 8}, b.outputShape(new long[] {5, 8}));
        assertEquals("attn", b.attention().name());
        assertEquals("mlp", b.mlp().name());
        assertEquals(v, Variant.parse(v.label()));
        assertEquals(v == Variant.PRE_LN || v == Variant.NO_SKIP, v.finalNorm());
    }
}
