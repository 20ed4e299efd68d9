package org.residuallab.lesson;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.residuallab.data.Dataset;
import org.residuallab.nn.Init;
import tech.tablesaw.api.Table;

/** A small grid (width 16, 64 digits) shows the three behaviours the notebook measures at full size. */
class InitGridTest {
    private static InitGridResult grid;

    @BeforeAll
    static void run() {
        Dataset batch = AtInit.digitsBatch(64, 1);
        grid = InitGrid.on(batch).activations("sigmoid", "relu").inits(Init.glorotUniform(), Init.he()).depths(2, 12).width(16).run();
    }

    @Test
    void everyCellIsNamedByActivationInitAndDepth() {
        assertEquals(8, grid.cells().size());
        assertEquals("relu-he-d12", grid.cell("relu", "he", 12).model());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> grid.cell("tanh", "he", 12));
        assertTrue(e.getMessage().contains("sigmoid-xavier-d2"), "names the cells there are: " + e.getMessage());
    }

    @Test
    void sigmoidWeightGradientsCollapseFasterTheDeeperTheNet() {
        double d2 = grid.value("sigmoid", "xavier", 2, InitGridResult.WEIGHT_GRAD_RATIO);
        double d12 = grid.value("sigmoid", "xavier", 12, InitGridResult.WEIGHT_GRAD_RATIO);
        assertTrue(d12 < 1e-4 && d12 < d2 / 100, "d2 " + d2 + ", d12 " + d12);
    }

    @Test
    void reluWithHeInitKeepsBothGradientsWithinTenfold() {
        for (String m : new String[] {InitGridResult.OUT_GRAD_RATIO, InitGridResult.WEIGHT_GRAD_RATIO}) {
            double r = grid.value("relu", "he", 12, m);
            assertTrue(r > 0.1 && r < 10, m + " = " + r);
        }
    }

    @Test
    void ratiosTableHasThreeMetricsPerCellAndModelsWithoutDepth() {
        Table t = grid.ratios();
        assertEquals(8 * 3, t.rowCount());
        assertTrue(t.stringColumn("model").unique().asList().containsAll(java.util.List.of("sigmoid-xavier", "relu-he")));
        assertEquals(2 * 2 * 3, grid.ratios("relu").rowCount());
        assertEquals(2, grid.probes("relu", 12).stringColumn("model").unique().size(), "one model per init");
    }

    @Test
    void rejectsTwoInitsWithTheSameName() {
        assertThrows(IllegalArgumentException.class, () -> InitGrid.on(AtInit.digitsBatch(8, 1)).inits(Init.he(), Init.he()));
        assertThrows(IllegalArgumentException.class, () -> InitGrid.on(AtInit.digitsBatch(8, 1)).activations("softplus"));
    }
}
