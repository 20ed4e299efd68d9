package org.residuallab.lesson;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByHandTest {

    @Test
    void printsBothValuesTheirRatioAndWhetherTheyAgree() {
        ByHand b = ByHand.of("factor per block", 0.2305, 0.2305);
        assertEquals("factor per block | by hand 0.2305 | library 0.2305 | library ÷ by hand 1.000000 | agree: true", b.toString());
        assertTrue(b.agree());
    }

    @ParameterizedTest(name = "{0} vs {1}: agree {2}, within 10 % {3}")
    @CsvSource({"1.0, 1.0000001, true, true", "65536, 67837, false, true", "1e-12, 2e-12, false, false", "0, 0, true, true"})
    void agreementIsARelativeDifference(double byHand, double library, boolean agree, boolean within10Percent) {
        ByHand b = ByHand.of("x", byHand, library);
        assertEquals(agree, b.agree(), b.toString());
        assertEquals(within10Percent, b.agree(0.1), b.toString());
    }

    @Test
    void aNaNNeverAgrees() {
        ByHand b = ByHand.of("x", Double.NaN, 1);
        assertFalse(b.agree());
        assertTrue(b.toString().contains("by hand NaN"), b.toString());
    }

    @Test
    void smallAndLargeNumbersKeepFourSignificantDigits() {
        assertEquals("2.328e-10", ByHand.number(2.3283064365386963e-10));
        assertEquals("6.554e+04", ByHand.number(65536));
    }
}
