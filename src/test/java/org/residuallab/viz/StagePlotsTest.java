package org.residuallab.viz;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.residuallab.data.Images;
import org.residuallab.experiment.Compare;
import org.residuallab.experiment.CompareResult;
import org.residuallab.nn.Models;
import org.residuallab.probe.ProbeTables;
import org.residuallab.probe.Probes;
import org.residuallab.train.TrainConfig;
import tech.tablesaw.api.Table;

/** Gradient plots of conv nets mark the stages (stem, stage 1..3, head) from ProbeTables.units. */
class StagePlotsTest {
    static Table probes, units;

    @BeforeAll
    static void record() {
        CompareResult r = Compare.of(Models.plainConvNet(1).width(4).inputs(1, 8, 8).seed(1).build(),
                        Models.resnet(1).width(4).inputs(1, 8, 8).seed(1).build())
                .data(Images.digits(0.5, 1))
                .config(TrainConfig.builder().steps(4).batchSize(32).optimizer("momentum").learningRate(0.05).seed(1).build())
                .probes(Probes.gradients().every(1))
                .run();
        probes = r.probes();
        units = ProbeTables.units(r.models().get(1));
    }

    @Test
    void theGradientByLayerPlotDrawsALineBetweenStagesAndNamesThemOnItsAxis() {
        XYChart c = Plots.gradientNormByLayer(probes).stages(units).build();
        assertEquals("layer index (input → output): stem 0–2 · stage 1 3 · stage 2 4 · stage 3 5 · head 6", c.getXAxisTitle());
        BufferedImage img = Plots.toImage(c);
        assertEquals(800, img.getWidth());
    }

    @Test
    void heatMapsMarkTheStagesAndStillShareOneColourScale() {
        List<XYChart> marked = Plots.gradientHeatMaps(probes, "weight_grad_l2", units);
        List<XYChart> plain = Plots.gradientHeatMaps(probes, "weight_grad_l2");
        assertEquals(2, marked.size());
        BufferedImage a = Plots.toImage(marked.get(1)), b = Plots.toImage(plain.get(1));
        int differing = 0;
        for (int x = 0; x < a.getWidth(); x++) for (int y = 0; y < a.getHeight(); y++) if (a.getRGB(x, y) != b.getRGB(x, y)) differing++;
        assertTrue(differing > 200, "the stage lines and names are drawn: " + differing + " pixels differ");
    }

    @Test
    void aTableWithoutStagesIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Plots.gradientHeatMap(probes).stages(probes));
        assertTrue(e.getMessage().contains("no column 'role'") && e.getMessage().contains("ProbeTables.units(model)"), e.getMessage());
    }
}
