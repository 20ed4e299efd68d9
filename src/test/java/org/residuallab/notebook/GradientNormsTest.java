package org.residuallab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import tech.tablesaw.api.Table;

class GradientNormsTest {
    private static Model mlp(BlockKind kind) {
        return Models.mlp(20, 32, "sigmoid", Init.glorotUniform(), kind).inputs(16).outputs(4).seed(3).name(kind.label()).build();
    }

    @Test
    void aDeepSigmoidPlainNetLosesItsGradientWhileTheResidualNetKeepsIt() {
        TeacherTask task = TeacherTask.sample(64, 16, 4, 1);
        Table t = GradientNorms.byLayer(task.x(), task.y(), mlp(BlockKind.PLAIN), mlp(BlockKind.RESIDUAL));
        assertEquals(40, t.rowCount(), "20 hidden layers for each model");
        double plain = GradientNorms.ratioFirstToLast(t, BlockKind.PLAIN.label());
        double residual = GradientNorms.ratioFirstToLast(t, BlockKind.RESIDUAL.label());
        assertTrue(plain < 1e-3, "plain first/last = " + plain);
        assertTrue(residual > 0.1 && residual < 10, "residual first/last = " + residual);
    }

    @Test
    void theChartHasOneLogScaleSeriesPerModel() {
        TeacherTask task = TeacherTask.sample(8, 16, 4, 1);
        XYChart c = GradientNormChart.of(GradientNorms.byLayer(task.x(), task.y(), mlp(BlockKind.PLAIN), mlp(BlockKind.RESIDUAL)));
        assertEquals(2, c.getSeriesMap().size());
        assertTrue(c.getStyler().isYAxisLogarithmic());
        assertEquals(GradientNormChart.PLAIN, c.getSeriesMap().get(BlockKind.PLAIN.label()).getLineColor());
    }

    @Test
    void theLessonModelHasTwoHiddenLayersInItsBlock() {
        TeacherTask task = TeacherTask.sample(8, 128, 10, 1);
        assertEquals(2, GradientNorms.byLayer(task.x(), task.y(), Models.seed()).rowCount());
    }

    @Test
    void aTableWithoutTheNeededColumnsIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradientNormChart.of(Table.create("empty")));
        assertTrue(e.getMessage().contains("lacks column 'model'"), e.getMessage());
    }

    @Test
    void theTeacherTaskIsLearnableAndSeeded() {
        TeacherTask a = TeacherTask.sample(100, 5, 3, 9), b = TeacherTask.sample(100, 5, 3, 9);
        assertEquals(a.x(), b.x());
        assertEquals(1.0, a.accuracy(a.y()));
        assertThrows(IllegalArgumentException.class, () -> TeacherTask.sample(10, 5, 1, 0));
    }
}
