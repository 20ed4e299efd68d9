package org.residuallab.probe;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.data.Batches;
import org.residuallab.data.Dataset;
import org.residuallab.data.Datasets;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.nn.Optimizer;
import org.residuallab.nn.Param;
import tech.tablesaw.api.Table;

class GradDataRatioTest {
    private static final Dataset DATA = Datasets.spirals(20, 3, 0.1, 1);

    private static Model model() {
        return Models.mlp(3, 8, "tanh", Init.lecun(), BlockKind.RESIDUAL).inputs(2).outputs(3).seed(5).build();
    }

    /** Population standard deviation by hand, in double. */
    private static double std(INDArray a) {
        double[] v = a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
        double mean = 0, sq = 0;
        for (double x : v) mean += x / v.length;
        for (double x : v) sq += (x - mean) * (x - mean) / v.length;
        return Math.sqrt(sq);
    }

    private static List<Param> weights(Model m) {
        List<Param> out = new ArrayList<>();
        for (Param p : m.params()) if (p.trainable() && GradDataRatio.isWeightMatrix(p)) out.add(p);
        return out;
    }

    @Test
    void ratioIsTheGradientsSpreadOverTheWeightsSpread() {
        Model m = model();
        m.lossAndBackward(DATA.features(), DATA.targets());
        for (Param p : weights(m)) {
            assertEquals(std(p.grad()) / std(p.value()), GradDataRatio.ratio(p), 1e-5 * GradDataRatio.ratio(p), p.path());
        }
    }

    @Test
    void onlyWeightMatricesCount() {
        Model m = model();
        List<String> names = weights(m).stream().map(Param::path).toList();
        assertEquals(5, names.size(), "stem, three blocks, head: " + names);   // one Dense per unit
        assertTrue(names.stream().allMatch(n -> n.endsWith("/W")), names.toString());
    }

    @Test
    void tableListsEveryWeightMatrixInputSideFirst() {
        Model m = model();
        m.lossAndBackward(DATA.features(), DATA.targets());
        Table t = GradDataRatio.of(m);
        assertEquals(List.of("param", "shape", "grad_mean", "grad_std", "data_std", GradDataRatio.METRIC), t.columnNames());
        assertEquals(weights(m).stream().map(Param::path).toList(), t.stringColumn("param").asList());
        assertEquals("[2, 8]", t.stringColumn("shape").get(0));
        for (int i = 0; i < t.rowCount(); i++) {
            assertEquals(t.doubleColumn("grad_std").get(i) / t.doubleColumn("data_std").get(i), t.doubleColumn(GradDataRatio.METRIC).get(i), 1e-12);
        }
    }

    @Test
    void probeRecordsEachWeightMatrixAtEachRecordedStep() {
        Model m = model();
        Optimizer sgd = Optimizer.sgd(0.1);
        Batches b = DATA.batches(16, 1);
        Table t;
        try (ProbeSession s = Probes.of(new GradDataRatio()).every(2).attach(m)) {
            for (int i = 0; i < 5; i++) {
                Batches.Batch batch = b.next();
                m.lossAndBackward(batch.x(), batch.y());
                if (i < 4) sgd.step(m.params());
            }
            t = ProbeTables.metric(s.table(), GradDataRatio.METRIC);
        }
        assertEquals(List.of(0, 2, 4), t.intColumn("step").unique().sorted(Integer::compare).asList());
        assertEquals(3 * weights(m).size(), t.rowCount());
        Table last = t.where(t.intColumn("step").isEqualTo(4));
        for (Param p : weights(m)) {   // the gradients of step 4 are still in place: no optimizer step after it
            double recorded = last.where(last.stringColumn("layer").isEqualTo(p.path())).doubleColumn("value").get(0);
            assertEquals(GradDataRatio.ratio(p), recorded, 1e-9, p.path());
        }
    }

    @Test
    void aParameterWithoutGradientIsRejectedByName() {
        Model m = Models.mlp(2, 8, "relu", Init.he(), BlockKind.PLAIN).inputs(2).outputs(3).batchNorm(true).seed(1).build();
        Param running = m.params().stream().filter(p -> !p.trainable()).findFirst().orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradDataRatio.ratio(running));
        assertTrue(e.getMessage().contains(running.path()), e.getMessage());
    }
}
