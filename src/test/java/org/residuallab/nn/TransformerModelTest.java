package org.residuallab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.residuallab.nn.TestData.values;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.check.GradCheckSuite;
import org.residuallab.nn.TransformerBlock.Variant;

/** Decoder-only transformers: embeddings, the tied head, parameter counts, GPT-2 small's summary. */
class TransformerModelTest {

    static INDArray tokens(long seed, int b, int t, int vocab) {
        Random rng = new Random(seed);
        double[] v = new double[b * t];
        for (int i = 0; i < v.length; i++) v[i] = rng.nextInt(vocab);
        return Nd4j.create(v, new long[] {b, t}, DataType.FLOAT);
    }

    private static Embedding tokenEmbedding(Model m) {
        return (Embedding) m.net().get(0);
    }

    @Test
    void gpt2SmallHasThePublishedParameterCount() {
        Model m = Models.gpt2Small();
        Summary s = m.summary();
        assertEquals(124_439_808L, s.totalParams());
        assertEquals(124_439_808L, s.trainableParams());
        assertTrue(s.toString().contains("Total params: 124,439,808"), s::toString);
        assertEquals("(None, 1024, 768)", s.rows().get(0).shapeText(), "token embedding");
        assertEquals("(None, 1024, 50257)", s.rows().get(s.rows().size() - 1).shapeText(), "tied head");
        assertEquals(12, m.net().children().stream().filter(l -> l instanceof TransformerBlock).count());
        assertTrue(m.params().stream().allMatch(Param::shapeOnly), "no memory for values");
    }

    @Test
    void gpt2SmallCannotRunAndSaysWhy() {
        Model m = Models.gpt2Small();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.forward(tokens(1, 1, 4, 50257)));
        assertTrue(e.getMessage().contains("shapesOnly") && e.getMessage().contains("summary"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}, tied {1}")
    @CsvSource({"PRE_LN, true", "PRE_LN, false", "POST_LN, true", "NO_SKIP, true", "REZERO, true", "REZERO, false"})
    void transformerCountsFollowTheFormula(Variant v, boolean tied) {
        int layers = 3, c = 16, vocab = 11, context = 9;
        long ln = 2L * c;
        long perLayer = (c * 3L * c + 3L * c) + (c * (long) c + c) + (c * 4L * c + 4L * c) + (4L * c * c + c)
                + (v == Variant.REZERO ? 2 : 2 * ln);
        long expected = (long) vocab * c + (long) context * c + layers * perLayer + (v.finalNorm() ? ln : 0)
                + (tied ? 0 : (long) c * vocab + vocab);
        Model m = Models.transformer(layers, c, 4, vocab, context, v, tied);
        assertEquals(expected, m.summary().totalParams());
        assertEquals(expected, m.params().stream().mapToLong(Param::size).sum());
        assertArrayEquals(new long[] {context, vocab}, m.outputShape());
    }

    @Test
    void tiedHeadCountsTheEmbeddingOnce() {
        Model tied = Models.transformer(2, 16, 2, 11, 8, Variant.PRE_LN, true);
        Model untied = Models.transformer(2, 16, 2, 11, 8, Variant.PRE_LN, false);
        Param table = tokenEmbedding(tied).weight();
        List<Param> params = tied.params();
        Set<Param> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(params);
        assertEquals(params.size(), distinct.size(), "no parameter listed twice");
        assertEquals(1, params.stream().filter(p -> p == table).count());
        assertEquals(16L * 11 + 11, untied.summary().totalParams() - tied.summary().totalParams());
        TiedHead head = (TiedHead) tied.net().get(tied.net().size() - 1);
        assertSame(tokenEmbedding(tied), head.embedding());
        assertEquals(0, head.params().size(), "the head owns nothing");
    }

    @Test
    void tiedGradientIsTheSumOfBothUses() {
        Model tied = Models.transformer(1, 8, 2, 7, 5, Variant.PRE_LN, true).dtype(DataType.DOUBLE);
        GradCheckSuite.randomize(tied.net(), new Random(2));
        Model untied = Models.transformer(1, 8, 2, 7, 5, Variant.PRE_LN, false).dtype(DataType.DOUBLE);
        for (Param p : untied.params()) {
            tied.params().stream().filter(q -> q.path().equals(p.path())).findFirst().ifPresent(q -> p.set(q.value()));
        }
        Dense head = (Dense) ((Sequential) untied.net().get(untied.net().size() - 1)).get(0);
        head.weight().set(tokenEmbedding(tied).weight().value().transpose()); // the untied head starts as Eᵀ
        head.bias().value().assign(0);
        INDArray x = tokens(3, 2, 5, 7), y = tokens(4, 2, 5, 7);
        double lt = tied.lossAndBackward(x, y), lu = untied.lossAndBackward(x, y);
        assertEquals(lu, lt, 1e-12, "the same function");
        INDArray sum = tokenEmbedding(untied).weight().grad().add(head.weight().grad().transpose());
        assertArrayEquals(values(sum), values(tokenEmbedding(tied).weight().grad()), 1e-12, "dE = dE(embedding) + dE(head)");
    }

    @Test
    void optimiserUpdatesTheTiedMatrixOnce() {
        Model m = Models.transformer(1, 8, 2, 7, 5, Variant.PRE_LN, true).dtype(DataType.DOUBLE);
        Param table = tokenEmbedding(m).weight();
        m.lossAndBackward(tokens(3, 2, 5, 7), tokens(4, 2, 5, 7));
        INDArray expected = table.value().sub(table.grad().mul(0.1));
        Optimizer.sgd(0.1).step(m.params());
        assertArrayEquals(values(expected), values(table.value()), 1e-15);
    }

    @Test
    void embeddingLooksUpRowsAndScattersGradientsBack() {
        Embedding e = new Embedding(5, 3);
        e.castTo(DataType.DOUBLE);
        INDArray ids = Nd4j.create(new double[] {4, 1, 4, 0}, new long[] {2, 2}, DataType.DOUBLE);
        INDArray y = e.forward(ids);
        assertArrayEquals(new long[] {2, 2, 3}, y.shape());
        assertArrayEquals(values(e.weight().value().getRow(4)), values(y.get(point(1), point(0))), 0.0);
        INDArray dOut = Nd4j.ones(DataType.DOUBLE, 2, 2, 3);
        INDArray dX = e.backward(dOut);
        assertArrayEquals(new long[] {2, 2}, dX.shape());
        assertEquals(0.0, dX.norm2Number().doubleValue(), "token ids get no gradient");
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 2, 2, 2}, values(e.weight().grad()), 0.0,
                "row 4 was used twice: its gradients add up");
    }

    @Test
    void embeddingRejectsIdsOutsideTheVocabulary() {
        Embedding e = new Embedding(5, 3);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> e.forward(Nd4j.create(new float[] {1, 5}, new long[] {1, 2}, 'c')));
        assertTrue(bad.getMessage().contains("0..4") && bad.getMessage().contains("(0, 1)"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> e.forward(Nd4j.create(new float[] {1, 2.5f}, new long[] {1, 2}, 'c')));
    }

    @Test
    void positionalEmbeddingAddsRowTToPositionTAndRefusesLongerSequences() {
        PositionalEmbedding p = new PositionalEmbedding(6, 3);
        p.castTo(DataType.DOUBLE);
        INDArray x = Nd4j.zeros(DataType.DOUBLE, 2, 4, 3);
        INDArray y = p.forward(x);
        for (int t = 0; t < 4; t++) assertArrayEquals(values(p.weight().value().getRow(t)), values(y.get(point(1), point(t))), 0.0);
        p.backward(Nd4j.ones(DataType.DOUBLE, 2, 4, 3));
        assertEquals(2.0, p.weight().grad().getDouble(3, 0), "summed over the batch");
        assertEquals(0.0, p.weight().grad().getDouble(4, 0), "positions beyond T get nothing");
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> p.forward(Nd4j.zeros(DataType.DOUBLE, 1, 7, 3)));
        assertTrue(e.getMessage().contains("6"), e.getMessage());
    }

    @Test
    void aSequenceModelNeedsItsInputShape() {
        Model m = Model.of("bare", Sequential.of(new Embedding(5, 4), new Dense(4, 5)));
        IllegalStateException e = assertThrows(IllegalStateException.class, m::summary);
        assertTrue(e.getMessage().contains("inputShape"), e.getMessage());
        assertEquals("(None, 7, 4)", m.inputShape(7).summary().rows().get(0).shapeText());
    }

    @Test
    void shorterSequencesThanTheContextRun() {
        Model m = Models.transformer(2, 16, 4, 11, 12, Variant.PRE_LN);
        assertArrayEquals(new long[] {3, 5, 11}, m.forward(tokens(1, 3, 5, 11)).shape());
        assertTrue(Double.isFinite(m.lossAndBackward(tokens(1, 3, 5, 11), tokens(2, 3, 5, 11))));
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex point(long i) {
        return org.nd4j.linalg.indexing.NDArrayIndex.point(i);
    }
}
