package org.residuallab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parameter counts as Keras counts them: BatchNorm's moving mean and variance are non-trainable. */
class SummaryTest {

    @Test
    void seedModelCountsMatchTheLessonsKerasSummary() {
        // Dense(128→128) 16,512 ×2 + BatchNorm(128) 512 ×2 (256 of each trainable) + Dense(128→10) 1,290
        Summary s = Models.seed().summary();
        assertEquals(35_338, s.totalParams());
        assertEquals(34_826, s.trainableParams());
        assertEquals(512, s.nonTrainableParams());
        String text = s.toString();
        assertTrue(text.contains("Total params: 35,338"), text);
        assertTrue(text.contains("Trainable params: 34,826"), text);
        assertTrue(text.contains("Non-trainable params: 512"), text);
        assertTrue(text.contains("add (Add)"), "the skip is shown as Keras shows it:\n" + text);
    }

    @ParameterizedTest(name = "mlp depth {0} width {1} inputs {2} outputs {3} layers/block {4} bn {5}")
    @CsvSource({"1, 1, 1, 1, 1, false", "10, 64, 64, 10, 1, false", "20, 32, 2, 3, 2, false", "50, 128, 64, 10, 1, true", "3, 16, 8, 4, 3, true"})
    void mlpPresetCountsFollowTheFormulaForPlainAndResidual(int depth, int width, int inputs, int outputs, int layers, boolean bn) {
        long hidden = (long) depth * layers * (width * (long) width + width);
        long bnTrainable = bn ? ((long) depth * layers + 1) * 2L * width : 0; // one BN per hidden layer, one before the head
        long expectedTrainable = (long) inputs * width + width + hidden + bnTrainable + (long) width * outputs + outputs;
        long expectedNonTrainable = bnTrainable; // moving mean and variance: as many as gamma and beta
        for (BlockKind kind : BlockKind.values()) {
            Model m = Models.mlp(depth, width, "relu", Init.he(), kind).inputs(inputs).outputs(outputs).layersPerBlock(layers).batchNorm(bn).build();
            Summary s = m.summary();
            assertEquals(expectedTrainable, s.trainableParams(), kind.label());
            assertEquals(expectedNonTrainable, s.nonTrainableParams(), kind.label());
            assertEquals(expectedTrainable + expectedNonTrainable, s.totalParams(), kind.label());
            assertEquals(kind == BlockKind.RESIDUAL, s.toString().contains("(Add)"), s::toString);
        }
    }

    @Test
    void summaryListsEveryLayerWithItsOutputWidth() {
        Summary s = Models.mlp(2, 8, "tanh", Init.he(), BlockKind.PLAIN).inputs(3).outputs(4).build().summary();
        assertEquals("dense1", s.rows().get(0).path());
        assertEquals(8, s.rows().get(0).outputWidth());
        Summary.Row head = s.rows().get(s.rows().size() - 1);
        assertEquals("head/dense1", head.path());
        assertEquals(4, head.outputWidth());
        assertEquals(8 * 4 + 4, head.params());
        assertFalse(s.rows().stream().anyMatch(r -> r.kind().equals("Add")));
    }
}
