package org.residuallab.probe;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.residuallab.data.Dataset;
import org.residuallab.data.Datasets;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Dense;
import org.residuallab.nn.Init;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.nn.PlainBlock;
import org.residuallab.nn.ResidualBlock;
import org.residuallab.nn.Sequential;
import org.residuallab.nn.Sigmoid;
import tech.tablesaw.api.Table;

/**
 * The signature result at initialisation: sigmoid, Xavier, depth 20. Gradients vanish through a plain
 * net and reach the first block of a residual net.
 */
class GradientsAtInitTest {
    private static final Dataset SPIRALS = Datasets.spirals(50, 3, 0.1, 1);

    private static GradientSummary summaryAtInit(Model m, ProbeSession[] keep) {
        ProbeSession s = Probes.gradients().every(1).attach(m);
        m.lossAndBackward(SPIRALS.features(), SPIRALS.targets());
        s.close();
        if (keep != null) keep[0] = s;
        return s.gradientSummary();
    }

    private static Model mlp(BlockKind kind, long seed) {
        return Models.mlp(20, 32, "sigmoid", Init.glorotUniform(), kind).inputs(2).outputs(3).seed(seed).build();
    }

    /** Blocks whose branch ends in a linear layer, x + W2·σ(W1·x) (He et al.'s shape), and the plain twin W2·σ(W1·x). */
    private static Model linearBranch(BlockKind kind, long seed) {
        Sequential net = Sequential.of(new Dense(2, 32, Init.glorotUniform()));
        for (int i = 0; i < 20; i++) {
            Sequential body = Sequential.of(new Dense(32, 32, Init.glorotUniform()), new Sigmoid(), new Dense(32, 32, Init.glorotUniform()));
            net.add(kind == BlockKind.RESIDUAL ? new ResidualBlock(body) : new PlainBlock(body));
        }
        net.add(new Dense(32, 3, Init.glorotUniform()));
        return Model.of(kind.label() + "-linear-branch", net).seed(seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void plainSigmoidGradientsVanishBeforeTheFirstBlock(long seed) {
        assertTrue(summaryAtInit(mlp(BlockKind.PLAIN, seed), null).gradRatioFirstToLast() < 1e-3);
        assertTrue(summaryAtInit(linearBranch(BlockKind.PLAIN, seed), null).gradRatioFirstToLast() < 1e-3);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void residualSigmoidWeightGradientsStayWithinTenfold(long seed) {
        double ratio = summaryAtInit(linearBranch(BlockKind.RESIDUAL, seed), null).gradRatioFirstToLast();
        assertTrue(ratio >= 0.1 && ratio <= 10, "grad_ratio_first_to_last = " + ratio);
    }

    /** The assertion on the preset itself (pre-activation blocks h + W·σ(h)): the residual net stays within tenfold. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void presetResidualSigmoidWeightGradientsStayWithinTenfold(long seed) {
        double ratio = summaryAtInit(mlp(BlockKind.RESIDUAL, seed), null).gradRatioFirstToLast();
        assertTrue(ratio >= 0.1 && ratio <= 10, "grad_ratio_first_to_last = " + ratio);
    }

    /** The back-propagated dL/dh reaches block 1 about as large as it left block 20. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void presetResidualSigmoidPreservesTheBackPropagatedGradient(long seed) {
        ProbeSession[] s = new ProbeSession[1];
        GradientSummary g = summaryAtInit(mlp(BlockKind.RESIDUAL, seed), s);
        Table outGrad = ProbeTables.byLayer(s[0].table(), g.model(), ProbeMetrics.OUT_GRAD_L2, 0);
        double first = outGrad.doubleColumn("value").get(1), last = outGrad.doubleColumn("value").get(20);
        assertEquals("block1", outGrad.stringColumn("layer").get(1));
        assertEquals("block20", outGrad.stringColumn("layer").get(20));
        assertTrue(first / last >= 0.1 && first / last <= 10, "dL/dh ratio first/last block = " + first / last);
    }
}
