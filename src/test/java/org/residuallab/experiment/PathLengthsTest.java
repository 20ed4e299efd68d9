package org.residuallab.experiment;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PathLengthsTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 5, 8, 13})
    void countsMatchEnumeratingEveryPath(int n) {
        long[] enumerated = new long[n + 1];
        for (long mask = 0; mask < (1L << n); mask++) enumerated[Long.bitCount(mask)]++;
        assertArrayEquals(enumerated, PathLengths.counts(n));
    }

    @Test
    void largestDepthDoesNotOverflow() {
        long[] c = PathLengths.counts(62);
        assertEquals(465428353255261088L, c[31]);
        double sum = 0;
        for (double f : PathLengths.fractions(62)) sum += f;
        assertEquals(1.0, sum, 1e-12);
        assertThrows(IllegalArgumentException.class, () -> PathLengths.counts(63));
    }

    @Test
    void tableHasOneRowPerLength() {
        var t = PathLengths.table(8);
        assertEquals(9, t.rowCount());
        assertEquals(70.0, t.doubleColumn("paths").getDouble(4));
        assertEquals(70 / 256.0, t.doubleColumn("fraction").getDouble(4), 1e-15);
    }
}
