package org.residuallab.experiment;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.residuallab.data.Datasets;
import org.residuallab.data.Split;
import org.residuallab.nn.Block;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.train.Evaluator;
import org.residuallab.train.TrainConfig;
import org.residuallab.train.Trainer;
import tech.tablesaw.api.Table;

class LesionCurveTest {
    private final Split data = Datasets.spirals(30, 3, 0.1, 1).split(0.3, 1);

    private Model trained(BlockKind kind) {
        Model m = Models.mlp(4, 16, "tanh", Init.lecun(), kind).inputs(2).outputs(3).seed(1).build();
        Trainer.of(TrainConfig.builder().steps(30).batchSize(32).optimizer("adam").learningRate(0.02).build()).fit(m, data);
        return m;
    }

    @Test
    void removingNoBlockIsTheIntactNetAndOneBlockAveragesTheSingleLesions() {
        Model residual = trained(BlockKind.RESIDUAL), plain = trained(BlockKind.PLAIN);
        LesionCurve.Result curve = LesionCurve.of(residual, plain).data(data.test()).samples(10).run();
        assertEquals(Evaluator.accuracy(residual, data.test()), curve.accuracy(residual.name(), 0), 1e-12);
        LesionResult single = Lesion.of(residual).data(data.test()).run();
        double mean = single.lesions(residual.name()).stream().mapToDouble(LesionResult.Row::accuracy).average().orElseThrow();
        assertEquals(mean, curve.accuracy(residual.name(), 1), 1e-12);
        assertEquals(5, curve.accuracies(plain.name()).length);
        for (Model m : List.of(residual, plain)) for (Block b : m.blocks()) assertFalse(b.isBypassed(), b.describe() + " restored");
        Table t = curve.table();
        assertEquals(List.of("model", "block", "blocks_removed", "sets", "test_accuracy", "min_accuracy", "max_accuracy", "test_loss"), t.columnNames());
        assertEquals(10, t.rowCount());
        assertEquals(List.of(1, 4, 6, 4, 1), t.intColumn("sets").asList().subList(0, 5));
    }

    @Test
    void samplesAtMostTheGivenNumberOfSetsAndTheSameOnesForEveryModel() {
        Model a = trained(BlockKind.RESIDUAL);
        LesionCurve.Result r1 = LesionCurve.of(a).data(data.test()).samples(3).seed(4).run();
        LesionCurve.Result r2 = LesionCurve.of(a).data(data.test()).samples(3).seed(4).run();
        assertEquals(3, r1.table().intColumn("sets").getInt(2));
        assertArrayEquals(r1.accuracies(a.name()), r2.accuracies(a.name()));
        assertThrows(IllegalArgumentException.class, () -> r1.accuracy("nobody", 1));
        assertThrows(IllegalStateException.class, () -> LesionCurve.of(a).run());
    }
}
