package org.residuallab.probe;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.data.Dataset;
import org.residuallab.data.SequenceTasks;
import org.residuallab.lesson.AtInit;
import org.residuallab.nn.Block;
import org.residuallab.nn.CausalSelfAttention;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.nn.TransformerBlock;
import org.residuallab.nn.TransformerBlock.Variant;
import tech.tablesaw.api.Table;

/** The sequence probes (residual stream, rank collapse, attention entropy) and gradient probes on Models.transformer. */
class SequenceProbesTest {
    private static final Dataset BATCH = SequenceTasks.reverse(6, 4, 3); // (6, 8) tokens, vocabulary 11

    private static Model transformer(Variant v) {
        return Models.transformer(3, 16, 4, 11, 8, v).seed(2);
    }

    private static Table probe(Model m, Probe... probes) {
        return AtInit.probe(m, BATCH, Probes.of(probes)).table();
    }

    private static double value(Table t, String layer, String metric) {
        Table r = t.where(t.stringColumn("layer").isEqualTo(layer).and(t.stringColumn("metric").isEqualTo(metric)));
        assertEquals(1, r.rowCount(), "one " + metric + " row for " + layer);
        return r.doubleColumn("value").getDouble(0);
    }

    private static List<String> layers(Table t, String metric) {
        return t.where(t.stringColumn("metric").isEqualTo(metric)).stringColumn("layer").asList();
    }

    // mean over the tokens (rows of the last axis) of their L2 norms, by ND4J
    private static double meanTokenNorm(INDArray a) {
        return a.reshape(a.length() / a.size(a.rank() - 1), a.size(a.rank() - 1)).norm2(1).meanNumber().doubleValue();
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void unitsOfATransformerAreEmbeddingPositionsBlocksAndHead(Variant v) {
        Model m = transformer(v);
        try (ProbeSession s = Probes.gradients().attach(m)) {
            List<String> names = s.units().stream().map(Unit::name).toList();
            List<String> expected = v.finalNorm()
                    ? List.of("embedding", "positions", "block1", "block2", "block3", "layernorm1", "head")
                    : List.of("embedding", "positions", "block1", "block2", "block3", "head");
            assertEquals(expected, names);
            assertEquals(List.of(false, false, true, true, true), s.units().stream().limit(5).map(Unit::isBlock).toList());
        }
    }

    @Test
    void gradientSummaryAndFirstToLastFindTheTransformerBlocks() {
        Model m = transformer(Variant.PRE_LN);
        ProbeSession s = AtInit.probe(m, BATCH, Probes.gradients());
        GradientSummary g = s.gradientSummary();
        assertEquals(List.of("block1", "block2", "block3"), g.blocks());
        assertEquals(g.firstBlockNorm() / g.lastBlockNorm(), g.gradRatioFirstToLast(), 1e-12);
        Table t = s.table();
        assertEquals(3, t.intColumn("depth").getInt(0), "depth = transformer blocks");
        double byHand = value(t, "block1", ProbeMetrics.OUT_GRAD_L2) / value(t, "block3", ProbeMetrics.OUT_GRAD_L2);
        assertEquals(byHand, GradientFlow.firstToLast(t, m.name(), ProbeMetrics.OUT_GRAD_L2, 0), 1e-12);
        assertEquals(value(t, "block2", ProbeMetrics.WEIGHT_GRAD_L2) > 0, true);
    }

    @Test
    void residualStreamRecordsTheStreamAndWhatEachBlockAndSubBlockWrites() {
        Model m = transformer(Variant.PRE_LN).dtype(DataType.DOUBLE);
        Table t = probe(m, new ResidualStream());
        TransformerBlock b2 = (TransformerBlock) m.net().get(3);
        INDArray in = m.net().get(2).lastOutput(), out = b2.lastOutput();
        assertEquals(meanTokenNorm(out), value(t, "block2", ResidualStream.STREAM_NORM), 1e-9);
        assertEquals(meanTokenNorm(out.sub(in)), value(t, "block2", ResidualStream.WRITE_NORM), 1e-9);
        Block attn = b2.attention();
        assertEquals(meanTokenNorm(attn.body().lastOutput()), value(t, "block2/attn", ResidualStream.WRITE_NORM), 1e-9,
                "a pre-LN sub-block writes F(LN(x)) into the stream");
        assertEquals(meanTokenNorm(m.net().get(0).lastOutput()), value(t, "embedding", ResidualStream.STREAM_NORM), 1e-9);
        assertFalse(layers(t, ResidualStream.WRITE_NORM).contains("embedding"), "the embedding creates the stream");
        assertFalse(layers(t, ResidualStream.STREAM_NORM).contains("head"), "logits are not the stream");
        assertTrue(layers(t, ResidualStream.WRITE_NORM).containsAll(List.of("positions", "block1", "block1/attn", "block1/mlp", "block3/mlp")));
    }

    @Test
    void reZeroBlocksWriteNothingAtInitialisation() {
        Table t = probe(transformer(Variant.REZERO), new ResidualStream());
        for (String b : List.of("block1", "block2", "block3", "block2/attn", "block2/mlp")) {
            assertEquals(0.0, value(t, b, ResidualStream.WRITE_NORM), 0.0, b + ": α = 0");
        }
        assertEquals(value(t, "positions", ResidualStream.STREAM_NORM), value(t, "block3", ResidualStream.STREAM_NORM), 0.0);
    }

    @Test
    void residualStreamWorksOnMlpsToo() {
        Model m = Models.mlp(2, 8, "tanh", org.residuallab.nn.Init.lecun(), org.residuallab.nn.BlockKind.RESIDUAL).inputs(2).outputs(3).seed(1).build();
        Dataset d = org.residuallab.data.Datasets.spirals(5, 3, 0.1, 1);
        Table t = AtInit.probe(m, d, Probes.of(new ResidualStream())).table();
        assertEquals(List.of("dense1", "block1", "block2"), layers(t, ResidualStream.STREAM_NORM));
        assertEquals(List.of("block1", "block2"), layers(t, ResidualStream.WRITE_NORM));
    }

    @Test
    void resRatioIsZeroForIdenticalTokensAndOneForTokensThatAverageToZero() {
        double[] same = new double[2 * 3 * 4], zeroMean = new double[2 * 3 * 4];
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 3; t++) {
                for (int c = 0; c < 4; c++) {
                    same[(b * 3 + t) * 4 + c] = c + 1 + b;
                    zeroMean[(b * 3 + t) * 4 + c] = (t - 1) * (c + 1);
                }
            }
        }
        assertEquals(0.0, RankCollapse.ratio(Nd4j.create(same, new long[] {2, 3, 4}, 'c')), 1e-7);
        assertEquals(1.0, RankCollapse.ratio(Nd4j.create(zeroMean, new long[] {2, 3, 4}, 'c')), 1e-7);
    }

    @Test
    void resRatioMatchesTheDefinitionOnRandomTokens() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 5, 4).addi(0.3);
        double sum = 0;
        for (int b = 0; b < 3; b++) {
            INDArray X = x.slice(b);                              // (T, C)
            INDArray res = X.subRowVector(X.mean(0));             // X − 1·x̄ᵀ
            sum += res.norm2Number().doubleValue() / X.norm2Number().doubleValue();
        }
        assertEquals(sum / 3, RankCollapse.ratio(x), 1e-12);
    }

    @Test
    void rankCollapseProbeRecordsEverySequenceUnitButNotTheHead() {
        Model m = transformer(Variant.NO_SKIP);
        Table t = probe(m, new RankCollapse());
        List<String> rows = layers(t, RankCollapse.RES_RATIO);
        assertTrue(rows.containsAll(List.of("embedding", "positions", "block1", "block1/attn", "block1/mlp", "block3", "layernorm1")), rows.toString());
        assertFalse(rows.contains("head"));
        assertEquals(RankCollapse.ratio(m.net().get(4).lastOutput()), value(t, "block3", RankCollapse.RES_RATIO), 1e-7);
    }

    @Test
    void rankCollapseNamesAWrongShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RankCollapse.ratio(Nd4j.zeros(4, 3)));
        assertTrue(e.getMessage().contains("(B, T, C)") && e.getMessage().contains("(4, 3)"), e.getMessage());
    }

    @Test
    void entropyOfEvenAttentionIsTheUniformValueAndOfOneHotAttentionIsZero() {
        int T = 4;
        double[] even = new double[2 * T * T], first = new double[2 * T * T];
        for (int h = 0; h < 2; h++) {
            for (int t = 0; t < T; t++) {
                for (int s = 0; s <= t; s++) even[(h * T + t) * T + s] = 1.0 / (t + 1);
                first[(h * T + t) * T] = 1;
            }
        }
        double[] e = AttentionEntropy.perHead(Nd4j.create(even, new long[] {1, 2, T, T}, 'c'));
        double uniform = (Math.log(1) + Math.log(2) + Math.log(3) + Math.log(4)) / 4;
        assertArrayEquals(new double[] {uniform, uniform}, e, 1e-7);
        assertArrayEquals(new double[] {0, 0}, AttentionEntropy.perHead(Nd4j.create(first, new long[] {1, 2, T, T}, 'c')), 1e-12);
    }

    @Test
    void attentionEntropyRecordsOneRowPerHeadAndTheUniformReference() {
        Model m = transformer(Variant.PRE_LN);
        Table t = probe(m, new AttentionEntropy());
        List<String> heads = layers(t, AttentionEntropy.ATTN_ENTROPY);
        assertEquals(3 * 4, heads.size(), "3 layers of 4 heads");
        assertTrue(heads.contains("block2/attn/body/attention/head4"), heads.toString());
        CausalSelfAttention a = (CausalSelfAttention) ((TransformerBlock) m.net().get(3)).attention().body().get(1);
        double[] expected = AttentionEntropy.perHead(a.weights());
        assertEquals(expected[2], value(t, "block2/attn/body/attention/head3", AttentionEntropy.ATTN_ENTROPY), 1e-12);
        double uniform = value(t, "block2/attn/body/attention", AttentionEntropy.ATTN_ENTROPY_UNIFORM);
        assertEquals(SequenceStats.uniformEntropy(8), uniform, 1e-12);
        assertTrue(expected[2] <= uniform + 1e-6 && expected[2] > 0.9 * uniform,
                "GPT-2's small weights make attention nearly even at initialisation: " + expected[2] + " vs " + uniform);
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyBuiltInProbeRunsOnATransformer(Variant v) {
        Model m = transformer(v);
        Table t = AtInit.probe(m, BATCH, Probes.all().with(new ResidualStream()).with(new RankCollapse()).with(new AttentionEntropy())).table();
        assertTrue(t.rowCount() > 100, "rows: " + t.rowCount());
        assertTrue(t.doubleColumn("value").asList().stream().allMatch(Double::isFinite), "every value finite");
    }

    @Test
    void sequenceProbesRecordNothingOnConvolutionalOutputs() {
        Layer conv = new org.residuallab.nn.Conv2d(1, 2, 3, 1, 1, true);
        long[] step = {0};
        try (ProbeSession s = Probes.of(new ResidualStream(), new RankCollapse()).every(1).attach(conv, () -> step[0])) {
            conv.forward(Nd4j.rand(DataType.FLOAT, 2, 1, 4, 4));
            assertEquals(0, s.table().rowCount());
        }
    }
}
