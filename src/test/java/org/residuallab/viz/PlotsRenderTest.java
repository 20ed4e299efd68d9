package org.residuallab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/** Every plot renders from a small real probe table (tiny sigmoid MLPs trained for a few steps). */
class PlotsRenderTest {
    static RealRuns runs;
    static Table probes;
    static String PLAIN, RESIDUAL;

    @TempDir
    Path dir;

    @BeforeAll
    static void record() {
        runs = new RealRuns(4, 6);
        probes = runs.probes;
        PLAIN = runs.plain();
        RESIDUAL = runs.residual();
    }

    static Stream<Arguments> plots() {
        return Stream.of(
            Arguments.of("gradient norm by layer", (Supplier<Chart<?, ?>>) () -> Plots.gradientNormByLayer(probes).size(640, 400).build(), true),
            Arguments.of("heat map", (Supplier<Chart<?, ?>>) () -> Plots.gradientHeatMap(probes).model(PLAIN).size(640, 400).build(), false),
            Arguments.of("update ratio", (Supplier<Chart<?, ?>>) () -> Plots.updateRatio(probes).size(640, 400).build(), false),
            Arguments.of("loss curves", (Supplier<Chart<?, ?>>) () -> Plots.curves(runs.curves, "batch_loss").size(640, 400).build(), true),
            Arguments.of("histograms", (Supplier<Chart<?, ?>>) () -> Plots.histograms(runs.histograms).model(RESIDUAL).size(640, 400).build(), false),
            Arguments.of("depth sweep", (Supplier<Chart<?, ?>>) () -> Plots.depthSweep().add("plain", new int[] {2, 4}, new double[] {0.9, 1.1})
                .add("residual", new int[] {2, 4}, new double[] {0.4, 0.3}).size(640, 400).build(), true),
            Arguments.of("lesion", (Supplier<Chart<?, ?>>) () -> Plots.lesion(runs.lesions, "test_accuracy").size(640, 400).build(), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plots")
    void everyPlotRendersANonEmptyPngOfTheRequestedSize(String name, Supplier<Chart<?, ?>> chart, boolean drawsPlainColour) throws IOException {
        Path file = Plots.save(chart.get(), dir.resolve(name.replace(' ', '-') + ".png"));
        BufferedImage img = ImageIO.read(file.toFile());
        assertEquals(640, img.getWidth());
        assertEquals(400, img.getHeight());
        assertTrue(distinctColours(img) > 20, name + " looks blank");
        if (drawsPlainColour) assertTrue(pixels(img, Palette.PLAIN) > 20, name + " does not draw the plain colour");
    }

    @Test
    void signaturePlotHasLogAxisAndOneSeriesPerModelInKindColours() {
        XYChart c = Plots.gradientNormByLayer(probes).build();
        assertTrue(c.getStyler().isYAxisLogarithmic());
        assertEquals(Set.of(PLAIN, RESIDUAL), c.getSeriesMap().keySet());
        assertEquals(Palette.PLAIN, c.getSeriesMap().get(PLAIN).getLineColor());
        assertEquals(Palette.RESIDUAL, c.getSeriesMap().get(RESIDUAL).getLineColor());
        // input side first: layer indices increase along the series
        double[] x = c.getSeriesMap().get(PLAIN).getXData();
        for (int i = 1; i < x.length; i++) assertTrue(x[i] > x[i - 1]);
        assertEquals(6, x.length);   // stem, 4 blocks, head
    }

    @Test
    void plainAndResidualKeepTheirColoursInEveryChart() {
        List<XYChart> charts = List.of(Plots.gradientNormByLayer(probes).build(), Plots.curves(runs.curves, "batch_loss").build(),
            Plots.depthSweep().add(RESIDUAL, new int[] {1, 2}, new double[] {1, 2}).add(PLAIN, new int[] {1, 2}, new double[] {1, 2}).build());
        for (XYChart c : charts) {
            assertEquals(Palette.PLAIN, c.getSeriesMap().get(PLAIN).getLineColor(), c.getTitle());
            assertEquals(Palette.RESIDUAL, c.getSeriesMap().get(RESIDUAL).getLineColor(), c.getTitle());
        }
        CategoryChart lesion = Plots.lesion().add("a", new double[] {0.5, 0.6}, 0.7).add("b", new double[] {0.2, 0.1}, 0.3)
            .kind("a", org.residuallab.nn.BlockKind.RESIDUAL).kind("b", org.residuallab.nn.BlockKind.PLAIN).build();
        assertEquals(Palette.RESIDUAL, lesion.getSeriesMap().values().iterator().next().getFillColor());
    }

    @Test
    void updateRatioDrawsTheMinusThreeReferenceLine() {
        XYChart c = Plots.updateRatio(probes).model(RESIDUAL).build();
        XYSeries ref = c.getSeriesMap().get("reference -3");
        assertEquals(-3.0, ref.getYData()[0]);
        assertEquals(-3.0, ref.getYData()[1]);
        // one line per recorded weight of the model, in shades of its kind colour
        assertEquals(6, c.getSeriesMap().values().stream().filter(s -> s != ref && s.isShowInLegend()).count());
    }

    @Test
    void heatMapHoldsLog10OfTheNormsAndSharesItsRangeAcrossModels() {
        HeatMapChart h = (HeatMapChart) Plots.gradientHeatMap(probes).model(PLAIN).build();
        double expected = Math.log10(firstValue(PLAIN, 0, 0));
        assertEquals(expected, h.value(0, 0), 1e-12);
        List<HeatMapChart> both = Plots.gradientHeatMaps(probes, Metrics.WEIGHT_GRAD_NORM).stream().map(c -> (HeatMapChart) c).toList();
        assertEquals(2, both.size());
        assertEquals(both.get(0).min(), both.get(1).min());
        assertEquals(both.get(0).max(), both.get(1).max());
    }

    @Test
    void histogramLegendCarriesMeanStdAndSaturation() {
        double[] values = new double[1000];
        for (int i = 0; i < values.length; i++) values[i] = i < 100 ? 0.99 : 0.0;
        XYChart c = Plots.histograms().addValues("block1", values).build();
        String label = c.getSeriesMap().keySet().iterator().next();
        assertTrue(label.contains("mean +0.10"), label);
        assertTrue(label.contains("std 0.30"), label);
        assertTrue(label.contains("sat 10.0%"), label);
    }

    @Test
    void panelPutsChartsSideBySideInOneImageAndSavesSvg() throws IOException {
        Panel p = Plots.panel(Plots.gradientNormByLayer(probes).size(500, 300).build(), Plots.gradientHeatMap(probes).model(PLAIN).size(400, 300).build());
        BufferedImage img = p.toImage();
        assertEquals(1000, img.getWidth());   // two cells as wide as the widest chart
        assertEquals(300, img.getHeight());
        BufferedImage titled = p.title("Plain versus residual").columns(1).toImage();
        assertEquals(500, titled.getWidth());
        assertTrue(titled.getHeight() > 600);
        String svg = Files.readString(p.save(dir.resolve("panel.svg")));
        assertTrue(svg.contains("<svg"), svg.substring(0, Math.min(200, svg.length())));
        assertTrue(svg.contains("Plain versus residual"));
    }

    @Test
    void chartSavesAsSvgAndToImageMatchesItsSize() throws IOException {
        XYChart c = Plots.gradientNormByLayer(probes).size(300, 200).build();
        String svg = Files.readString(Plots.save(c, dir.resolve("sub/dir/norms.svg")));
        assertTrue(svg.contains("<svg"));
        BufferedImage img = Plots.toImage(c);
        assertEquals(300, img.getWidth());
        assertEquals(200, img.getHeight());
    }

    private static double firstValue(String model, int step, int layerIndex) {
        for (int i = 0; i < probes.rowCount(); i++) {
            if (probes.stringColumn("model").get(i).equals(model) && probes.stringColumn("metric").get(i).equals(Metrics.WEIGHT_GRAD_NORM)
                && probes.intColumn("step").get(i) == step && probes.intColumn("layer_index").get(i) == layerIndex) {
                return probes.doubleColumn("value").get(i);
            }
        }
        throw new AssertionError("no row");
    }

    private static int distinctColours(BufferedImage img) {
        Set<Integer> s = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) s.add(img.getRGB(x, y));
        }
        return s.size();
    }

    private static int pixels(BufferedImage img, Color c) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF)) n++;
        }
        return n;
    }

    @Test
    void savedFileNeverLeavesATemporaryFileBehind() throws IOException {
        Plots.save(Plots.gradientNormByLayer(probes).build(), dir.resolve("a.png"));
        Plots.save(Plots.gradientNormByLayer(probes).build(), dir.resolve("a.png"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("a.png"), files.map(f -> f.getFileName().toString()).toList());
        }
        assertFalse(Files.exists(dir.resolve(".a.png.tmp")));
    }
}
