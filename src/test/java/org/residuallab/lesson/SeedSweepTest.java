package org.residuallab.lesson;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.residuallab.data.Dataset;
import org.residuallab.data.Datasets;
import org.residuallab.experiment.TrainingCurves;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.train.TrainConfig;
import org.residuallab.train.Trainer;

class SeedSweepTest {
    private static final Dataset SPIRALS = Datasets.spirals(30, 3, 0.1, 1);
    private static final TrainConfig CONFIG = TrainConfig.builder().steps(12).batchSize(32).optimizer("sgd").learningRate(0.1).seed(99).build();

    private static Model net(BlockKind kind, int seed) {
        return net(kind, seed, kind.name().toLowerCase());
    }

    private static Model net(BlockKind kind, int seed, String name) {
        return Models.mlp(3, 8, "tanh", Init.glorotUniform(), kind).inputs(2).outputs(3).seed(seed).name(name).build();
    }

    @Test
    void eachSeedBuildsFreshModelsAndTrainsThemOnThatSeedsBatches() {
        SeedSweep.Result r = SeedSweep.of(s -> net(BlockKind.PLAIN, s), s -> net(BlockKind.RESIDUAL, s)).seeds(1, 2, 3)
                .data(SPIRALS).config(CONFIG).run();
        assertEquals(List.of("plain", "residual"), r.models());
        assertArrayEquals(new int[] {1, 2, 3}, r.seeds());
        double alone = TrainingCurves.meanLast(Trainer.of(CONFIG.toBuilder().seed(2).build()).fit(net(BlockKind.RESIDUAL, 2), SPIRALS), 5);
        assertEquals(alone, r.meanLast("residual", 5)[1], "seed 2 is the same run as a Compare with seed 2");
        assertNotEquals(r.meanLast("residual", 5)[0], r.meanLast("residual", 5)[1], "different seeds, different runs");
        assertEquals(r.timesLowestLast("plain", 5) + r.timesLowestLast("residual", 5), 3);
        assertEquals(6, r.table(5).rowCount());
        assertEquals(2, r.summary(5).rowCount());
        assertEquals(List.of("seed", "plain", "residual"), r.lastBySeed(5).columnNames());
        assertEquals(r.meanLast("plain", 5)[2], r.lastBySeed(5).doubleColumn("plain").get(2));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, SeedSweep.Result.median(new double[] {4, 1, 2, 3}));
        assertEquals(2, SeedSweep.Result.median(new double[] {3, 1, 2}));
    }

    @Test
    void aDesignThatRenamesItsModelIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SeedSweep.of(s -> net(BlockKind.PLAIN, s, "plain-" + s)).seeds(1, 2).data(SPIRALS).config(CONFIG).run());
        assertTrue(e.getMessage().contains("the same at every seed"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SeedSweep.of());
    }
}
