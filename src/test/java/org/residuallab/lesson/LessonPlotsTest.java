package org.residuallab.lesson;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.buffer.DataType;
import org.residuallab.data.Dataset;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.viz.Panel;
import tech.tablesaw.api.Table;

/** The lesson's charts build from real measurements, one chart per activation and one line per init. */
class LessonPlotsTest {
    private static InitGridResult grid;
    private static final Dataset BATCH = AtInit.digitsBatch(32, 1);

    @BeforeAll
    static void run() {
        grid = InitGrid.on(BATCH).activations("sigmoid", "relu").inits(Init.glorotUniform(), Init.normal(0.01)).depths(2, 4).width(8).run();
    }

    @Test
    void byLayerDrawsTwoRowsOfOneChartPerActivation() {
        Panel p = LessonPlots.byLayer(grid, 4);
        assertEquals(2 * 500, p.width());
        assertEquals(2 * 360, p.height());
        assertNotNull(p.toImage());
        assertThrows(IllegalArgumentException.class, () -> LessonPlots.byLayer(grid, 3), "no cells of depth 3");
    }

    @Test
    void ratiosByDepthDrawsOneLinePerInitPlusTheLevelLine() {
        Panel p = LessonPlots.ratiosByDepth(grid);
        assertEquals(2 * 500, p.width());
        assertNotNull(p.toImage());
    }

    @Test
    void profileHasThreeLinesOverEveryLayer() {
        Model m = Models.mlp(4, 8, "tanh", AtInit.standard(), BlockKind.PLAIN).inputs(64).outputs(10).seed(1).dtype(DataType.DOUBLE).name("t").build();
        Table t = AtInit.probe(m, BATCH).table();
        XYChart c = LessonPlots.profile(t, "t");
        assertEquals(3, c.getSeriesMap().size());
        c.getSeriesMap().values().forEach(s -> assertEquals(6, s.getXData().length, s.getName()));
    }

    @Test
    void eq5ChartComparesTheResidualTermsWithThePlainTwin() {
        Model r = Models.mlp(4, 8, "sigmoid", Init.glorotUniform(), BlockKind.RESIDUAL).inputs(64).outputs(10).seed(1).dtype(DataType.DOUBLE).build();
        Model p = Models.mlp(4, 8, "sigmoid", Init.glorotUniform(), BlockKind.PLAIN).inputs(64).outputs(10).seed(1).dtype(DataType.DOUBLE).build();
        GradientDecomposition d = GradientDecomposition.of(r, BATCH.features(), BATCH.targets());
        double[] plain = GradientDecomposition.inputGradientNorms(p, BATCH.features(), BATCH.targets());
        assertEquals(4, LessonPlots.eq5(d, plain).getSeriesMap().size());
        assertThrows(IllegalArgumentException.class, () -> LessonPlots.eq5(d, new double[] {1, 2}));
    }

    @Test
    void log10RejectsZeroWithAMessageNamingTheSeries() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LessonPlots.log10(new double[] {1, 0}, "relu ratios"));
        assertTrue(e.getMessage().contains("relu ratios") && e.getMessage().contains("value 1"), e.getMessage());
    }
}
