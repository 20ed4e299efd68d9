package org.residuallab.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.residuallab.data.Datasets;
import org.residuallab.experiment.Compare;
import org.residuallab.experiment.CompareResult;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Models;
import org.residuallab.train.TrainConfig;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class GradientFlowTest {

    /** A hand-made probe table: blocks block1, block2 at layer_index 1 and 2; the stem (0) and head (3) are ignored. */
    private static Table table() {
        Table t = Table.create("probes", StringColumn.create("model"), IntColumn.create("depth"), IntColumn.create("step"),
                StringColumn.create("layer"), IntColumn.create("layer_index"), StringColumn.create("metric"), DoubleColumn.create("value"));
        Object[][] rows = {
            {0, 0, 100.0}, {0, 1, 1.0}, {0, 2, 4.0}, {0, 3, 100.0},
            {10, 0, 100.0}, {10, 1, 3.0}, {10, 2, 2.0}, {10, 3, 100.0},
            {5, 1, 1.0}, {5, 2, 1.0}};
        for (Object[] r : rows) {
            t.stringColumn("model").append("m");
            t.intColumn("depth").append(2);
            t.intColumn("step").append((Integer) r[0]);
            int index = (Integer) r[1];
            t.stringColumn("layer").append(index == 0 ? "dense1" : index == 3 ? "head" : "block" + index);
            t.intColumn("layer_index").append(index);
            t.stringColumn("metric").append("weight_grad_l2");
            t.doubleColumn("value").append((Double) r[2]);
        }
        return t;
    }

    @Test
    void theRatioIsTheFirstBlockOverTheLastAtEveryStepInOrder() {
        GradientFlow f = GradientFlow.of(table(), "m");
        assertArrayEquals(new long[] {0, 5, 10}, f.steps());
        assertArrayEquals(new double[] {0.25, 1.0, 1.5}, f.ratios(), 1e-12);
        assertEquals(0.25, f.minRatio(), 1e-12);
        assertEquals(1.5, f.maxRatio(), 1e-12);
        assertEquals(1.0, f.ratioAt(5), 1e-12);
        assertEquals(9, f.table().rowCount(), "first_block, last_block and ratio per step");
        GradientFlow later = f.from(3);
        assertArrayEquals(new long[] {5, 10}, later.steps());
        assertEquals(1.0, later.minRatio(), 1e-12);
        assertEquals(3, f.steps().length, "the original is unchanged");
    }

    @Test
    void aDeepPlainSigmoidNetKeepsItsFirstBlockStarvedThroughoutTraining() {
        CompareResult r = Compare.plainVsResidual(Models.mlp(12, 16, "sigmoid", Init.glorotUniform(), BlockKind.RESIDUAL).seed(1))
                .data(Datasets.spirals(20, 3, 0.1, 1))
                .config(TrainConfig.builder().steps(20).batchSize(60).optimizer("momentum").learningRate(0.1).build())
                .probes(Probes.gradients().every(5))
                .run();
        GradientFlow plain = GradientFlow.of(r.probes(), "plain-sigmoid-d12"), residual = GradientFlow.of(r.probes(), "residual-sigmoid-d12");
        assertEquals(4, plain.steps().length, "steps 0, 5, 10, 15");
        assertTrue(plain.maxRatio() < 1e-3, plain.toString());
        assertTrue(residual.minRatio() > 0.1, residual.toString());
        assertEquals(r.gradientSummary("plain-sigmoid-d12").gradRatioFirstToLast(), plain.ratioAt(0), 1e-12);
    }

    @Test
    void badInputIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradientFlow.of(table(), "x"));
        assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("[m]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradientFlow.of(table().removeColumns("layer"), "m"));
        assertTrue(e.getMessage().contains("'layer'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradientFlow.of(table(), "m").from(11));
        assertTrue(e.getMessage().contains("after step 11"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradientFlow.of(table(), "m").ratioAt(3));
        assertTrue(e.getMessage().contains("step 3"), e.getMessage());
    }
}
