package org.residuallab.viz;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

/** Gradient histograms: their tiny means and stds must stay readable in the legend. */
class HistogramLegendTest {

    @Test
    void smallMeansAndStdsAreShownInScientificNotation() {
        double[] grads = new double[1000];
        for (int i = 0; i < grads.length; i++) grads[i] = (i % 2 == 0 ? 3e-6 : -1e-6);
        XYChart c = Plots.histograms().addValues("block1", grads).saturation(Double.NaN).build();
        String label = c.getSeriesMap().keySet().iterator().next();
        assertTrue(label.contains("mean +1.0e-06"), label);
        assertTrue(label.contains("std 2.0e-06"), label);
    }

    @Test
    void zeroIsNotWrittenInScientificNotation() {
        XYChart c = Plots.histograms().addBinned("block1", new double[] {-1, 0, 1}, new double[] {1, 2, 1}, 0, 0.5, Double.NaN).build();
        String label = c.getSeriesMap().keySet().iterator().next();
        assertTrue(label.contains("mean +0.00") && label.contains("std 0.50"), label);
    }
}
