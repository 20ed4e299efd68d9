package org.residuallab.train;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.residuallab.nn.Optimizer;

/** TrainConfig's learning-rate warm-up: built into the optimizer, recorded in the configuration map. */
class WarmupConfigTest {

    @Test
    void theOptimizerWarmsUpOverTheConfiguredSteps() {
        TrainConfig c = TrainConfig.builder().steps(300).optimizer("adam").learningRate(1e-2).warmup(100).build();
        Optimizer o = c.newOptimizer(300);
        assertEquals(1e-4, o.learningRate(), 1e-15);
        assertEquals(100, c.warmup());
        assertEquals(100L, c.toMap().get("warmup_steps"));
    }

    @Test
    void withoutWarmUpNothingChanges() {
        TrainConfig c = TrainConfig.builder().steps(300).learningRate(1e-2).build();
        assertEquals(0, c.warmup());
        assertEquals(1e-2, c.newOptimizer(300).learningRate(), 0.0);
        assertFalse(c.toMap().containsKey("warmup_steps"), "configurations without warm-up read as before");
        assertEquals(c, new TrainConfig(300, 0, 64, "adam", 1e-2, "constant", 0, 1, 0));
    }

    @Test
    void warmUpSurvivesToBuilder() {
        TrainConfig c = TrainConfig.builder().steps(10).warmup(3).build();
        assertEquals(3, c.toBuilder().seed(5).build().warmup());
    }

    @Test
    void negativeWarmUpIsANamedError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainConfig.builder().warmup(-5).build());
        assertTrue(e.getMessage().contains("warm-up") && e.getMessage().contains("-5"), e.getMessage());
    }
}
