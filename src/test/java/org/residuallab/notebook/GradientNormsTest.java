package org.residuallab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import tech.tablesaw.api.Table;

class GradientNormsTest {
    private static Table norms;

    private static Model mlp(BlockKind kind) {
        return Models.mlp(20, 32, "sigmoid", Init.glorotUniform(), kind).inputs(16).outputs(4).seed(3).name(kind.label()).build();
    }

    @BeforeAll
    static void measure() {
        TeacherTask task = TeacherTask.sample(64, 16, 4, 1);
        norms = GradientNorms.byLayer(task.x(), task.y(), mlp(BlockKind.PLAIN), mlp(BlockKind.RESIDUAL));
    }

    private static double ratio(BlockKind kind, String metric) {
        return GradientNorms.ratioFirstToLast(norms, kind.label(), metric);
    }

    @Test
    void recordsBothNormsForEveryHiddenLayerOfEveryModel() {
        assertEquals(2 * 2 * 20, norms.rowCount());
        assertEquals(java.util.List.of("model", "metric", "layer_index", "layer", "value"), norms.columnNames());
    }

    @Test
    void theGradientFlowingBackVanishesInADeepSigmoidPlainNetAndSurvivesTheResidualOne() {
        assertTrue(ratio(BlockKind.PLAIN, GradientNorms.BACKPROP) < 1e-6, "plain " + ratio(BlockKind.PLAIN, GradientNorms.BACKPROP));
        double residual = ratio(BlockKind.RESIDUAL, GradientNorms.BACKPROP);
        assertTrue(residual > 0.5 && residual < 2, "residual " + residual);
    }

    @Test
    void theResidualWeightGradientShrinksOnlyModestlyTowardTheInput() {
        assertTrue(ratio(BlockKind.PLAIN, GradientNorms.WEIGHT) < 1e-6);
        double residual = ratio(BlockKind.RESIDUAL, GradientNorms.WEIGHT);
        assertTrue(residual > 0.01 && residual < 1, "residual " + residual);
    }

    @Test
    void theChartHasOneLogScaleSeriesPerModelInTheKindsColours() {
        XYChart c = GradientNormChart.of(norms, GradientNorms.BACKPROP);
        assertEquals(java.util.List.of("plain", "residual"), java.util.List.copyOf(c.getSeriesMap().keySet()));
        assertTrue(c.getStyler().isYAxisLogarithmic());
        assertEquals(GradientNormChart.PLAIN, c.getSeriesMap().get("plain").getLineColor());
        assertEquals(GradientNormChart.RESIDUAL, c.getSeriesMap().get("residual").getLineColor());
        assertEquals(2, GradientNormChart.panel(norms).charts().size());
    }

    @Test
    void theLessonModelHasOneBlockWithTwoDenseLayers() {
        TeacherTask task = TeacherTask.sample(8, 128, 10, 1);
        Table t = GradientNorms.byLayer(task.x(), task.y(), Models.seed());
        assertEquals(1, t.where(t.stringColumn("metric").isEqualTo(GradientNorms.BACKPROP)).rowCount());
        assertEquals(2, t.where(t.stringColumn("metric").isEqualTo(GradientNorms.WEIGHT)).rowCount());
    }

    @Test
    void badTablesAndMetricsAreRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradientNormChart.of(Table.create("empty"), GradientNorms.WEIGHT));
        assertTrue(e.getMessage().contains("lacks column 'model'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradientNormChart.of(norms, "grad"));
        assertTrue(e.getMessage().contains("unknown metric 'grad'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradientNorms.ratioFirstToLast(norms, "deep", GradientNorms.WEIGHT));
        assertTrue(e.getMessage().contains("no rows for model 'deep'"), e.getMessage());
    }

    @Test
    void theTeacherTaskIsLearnableAndSeeded() {
        TeacherTask a = TeacherTask.sample(100, 5, 3, 9), b = TeacherTask.sample(100, 5, 3, 9);
        assertEquals(a.x(), b.x());
        assertEquals(1.0, a.accuracy(a.y()));
        assertThrows(IllegalArgumentException.class, () -> TeacherTask.sample(10, 5, 1, 0));
    }
}
