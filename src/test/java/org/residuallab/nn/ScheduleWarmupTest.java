package org.residuallab.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Linear learning-rate warm-up in front of any schedule. */
class ScheduleWarmupTest {

    @Test
    void warmUpRisesLinearlyToTheRateThenHandsOver() {
        Schedule s = Schedule.constant(1e-2).withWarmup(100);
        assertEquals(1e-4, s.at(0), 1e-15, "step 0: 1/100 of the rate");
        assertEquals(5e-3, s.at(49), 1e-15);
        assertEquals(1e-2, s.at(99), 1e-15, "the last warm-up step reaches the rate");
        assertEquals(1e-2, s.at(100), 0.0);
        assertEquals(1e-2, s.at(5000), 0.0);
    }

    @Test
    void warmUpScalesTheScheduleItWraps() {
        Schedule cosine = Schedule.cosine(0.1, 1000, 0);
        Schedule s = cosine.withWarmup(10);
        assertEquals(cosine.at(4) * 5 / 10, s.at(4), 1e-15);
        assertEquals(cosine.at(10), s.at(10), 0.0);
    }

    @Test
    void zeroStepsIsNoWarmUp() {
        Schedule c = Schedule.constant(0.3);
        assertSame(c, c.withWarmup(0));
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, -100})
    void negativeWarmUpIsANamedError(long steps) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schedule.constant(0.1).withWarmup(steps));
        assertTrue(e.getMessage().contains("warm-up steps") && e.getMessage().contains(String.valueOf(steps)), e.getMessage());
    }

    @Test
    void adamFollowsTheWarmUp() {
        Param w = Param.of("W", true, 1.0, 1, 1);
        w.grad().assign(1.0);
        Adam adam = new Adam(Schedule.constant(0.1).withWarmup(4), 0.9, 0.999, 1e-8, 0);
        assertEquals(0.025, adam.learningRate(), 1e-15);
        adam.step(java.util.List.of(w));
        assertEquals(1.0 - 0.025, w.value().getDouble(0), 1e-6, "Adam's first step moves by about the rate");
        assertEquals(0.05, adam.learningRate(), 1e-15);
    }
}
