package org.residuallab.lesson;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.residuallab.data.Dataset;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.probe.ProbeMetrics;
import org.residuallab.probe.ProbeSession;
import org.residuallab.probe.ProbeTables;
import tech.tablesaw.api.Table;

class AtInitTest {
    private static final Dataset BATCH = AtInit.digitsBatch(32, 1);

    private static Model mlp() {
        return Models.mlp(4, 16, "tanh", Init.glorotUniform(), BlockKind.PLAIN).inputs(64).outputs(10).seed(1).dtype(DataType.DOUBLE).build();
    }

    @Test
    void probeRecordsOnePassAtStepZeroAndDetaches() {
        Model m = mlp();
        ProbeSession s = AtInit.probe(m, BATCH);
        assertFalse(s.isAttached());
        Table t = s.table();
        assertEquals(1, t.intColumn("step").unique().size());
        assertEquals(0, t.intColumn("step").getInt(0));
        assertEquals(6, ProbeTables.byLayer(t, m.name(), ProbeMetrics.OUT_GRAD_L2, 0).rowCount(), "stem, 4 blocks, head");
        assertTrue(s.histogramTable().rowCount() > 0, "Probes.all() records histograms too");
    }

    @Test
    void probeRefusesAModelThatHasAlreadyTrained() {
        Model m = mlp();
        m.lossAndBackward(BATCH.features(), BATCH.targets());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AtInit.probe(m, BATCH));
        assertTrue(e.getMessage().contains("fresh model"), e.getMessage());
    }

    @Test
    void digitsBatchIsSeededStandardisedAndOfTheAskedSize() {
        Dataset a = AtInit.digitsBatch(50, 3), b = AtInit.digitsBatch(50, 3), c = AtInit.digitsBatch(50, 4);
        assertEquals(50, a.size());
        assertEquals(64, a.width());
        assertEquals(a.features(), b.features());
        assertNotEquals(a.features(), c.features());
        assertTrue(Math.abs(AtInit.digitsBatch(500, 1).features().meanNumber().doubleValue()) < 0.2, "standardised pixels");
        assertThrows(IllegalArgumentException.class, () -> AtInit.digitsBatch(0, 1));
    }

    @Test
    void standardInitIsUniformWithinOneOverSquareRootOfFanIn() {
        Init s = AtInit.standard();
        java.util.Random r = new java.util.Random(1);
        double max = 0, sq = 0;
        for (int i = 0; i < 20000; i++) {
            double v = s.sample(r, 100, 7);
            max = Math.max(max, Math.abs(v));
            sq += v * v;
        }
        assertTrue(max <= 0.1 && max > 0.099, "bound 1/sqrt(100)");
        assertEquals(1.0 / 300, sq / 20000, 1e-4, "Var = 1/(3n)");
        assertEquals("standard", s.name());
    }
}
