package org.residuallab.viz;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class BinsTest {

    @Test
    void theDensityIntegratesToOneWhateverTheBinWidths() {
        double[] counts = {1, 4, 3, 0, 2}, widths = {0.5, 0.5, 1, 2, 0.25};
        double[] d = Bins.density(counts, widths);
        double area = 0;
        for (int i = 0; i < d.length; i++) area += d[i] * widths[i];
        assertEquals(1.0, area, 1e-12);
    }

    @Test
    void evenlySpacedCentresGiveTheSameDensityAsTheirEdges() {
        double[] centres = {0.25, 0.75, 1.25}, counts = {2, 6, 2};
        assertArrayEquals(Bins.density(counts, new double[] {0.5, 0.5, 0.5}), Bins.density(counts, Bins.widths(centres)), 1e-15);
        assertArrayEquals(new double[] {1}, Bins.widths(new double[] {3}), "a single bin is one unit wide");
    }

    @Test
    void anEmptyHistogramOrAZeroWidthBinHasDensityZero() {
        assertArrayEquals(new double[] {0, 0}, Bins.density(new double[] {0, 0}, new double[] {1, 1}));
        assertArrayEquals(new double[] {0, 0.5}, Bins.density(new double[] {1, 1}, new double[] {0, 1}));
    }
}
