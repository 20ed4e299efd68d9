package org.residuallab.notebook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.residuallab.notebook.Lab;
import org.residuallab.notebook.View;
import org.residuallab.notebook.Viewable;
import org.residuallab.viz.Plots;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/** The renderers, registered on a basekernel Renderer exactly as a running IJava kernel would hold them. */
class KernelBridgeTest {
    private static final Renderer renderer = new Renderer();

    /** Stands in for an experiment result written elsewhere in the library. */
    record FakeResult(String name) implements Viewable {
        public View view() {
            return View.titled(name).image(chart(300, 200)).line("loss 0.1");
        }
    }

    /** A result type that does not implement Viewable and is registered instead. */
    record LaterResult(double accuracy) {}

    @BeforeAll
    static void register() {
        Lab.register(LaterResult.class, r -> View.titled("later").line("accuracy " + r.accuracy()));
        KernelBridge.registerAll(renderer);
    }

    static XYChart chart(int w, int h) {
        XYChart c = new XYChartBuilder().width(w).height(h).title("loss").build();
        c.addSeries("plain", new double[] {1, 2, 3}, new double[] {2.3, 2.2, 2.2});
        return c;
    }

    private static BufferedImage png(DisplayData d) throws Exception {
        Object data = d.getData(MIMEType.IMAGE_PNG);
        assertNotNull(data, "no image/png in the display data");
        return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode((String) data)));
    }

    @Test
    void anXyChartRendersAsAPngOfItsSize() throws Exception {
        BufferedImage img = png(renderer.render(chart(400, 250)));
        assertEquals(400, img.getWidth());
        assertEquals(250, img.getHeight());
    }

    @Test
    void anyXChartTypeRendersAsPng() throws Exception {
        CategoryChart bars = new CategoryChartBuilder().width(300).height(200).title("lesion").build();
        bars.addSeries("accuracy", new double[] {1, 2}, new double[] {0.9, 0.4});
        DisplayData d = renderer.render(bars);
        assertEquals(300, png(d).getWidth());
        assertEquals("CategoryChart 'lesion'", d.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void aVizPanelRendersAsOnePngWithTheChartsSideBySide() throws Exception {
        BufferedImage img = png(renderer.render(Plots.panel(chart(300, 200), chart(300, 200), chart(300, 150))));
        assertEquals(900, img.getWidth());
        assertEquals(200, img.getHeight());
        BufferedImage two = png(renderer.render(Plots.panel(chart(300, 200), chart(300, 200), chart(300, 200)).columns(2)));
        assertEquals(600, two.getWidth());
        assertEquals(400, two.getHeight());
    }

    @Test
    void anUnbuiltPlotShowsItsChart() throws Exception {
        DisplayData d = renderer.render(Plots.lossCurves().add("plain", new double[] {2.3, 2.2, 2.2}).size(400, 300));
        assertEquals(400, png(d).getWidth());
    }

    @Test
    void aTableRendersAsHtmlWithItsRowCount() {
        Table t = Table.create("norms", DoubleColumn.create("value", new double[40]));
        DisplayData d = renderer.render(t);
        String html = (String) d.getData(MIMEType.TEXT_HTML);
        assertTrue(html.contains("norms · 40 rows × 1 column (first 10 shown)"), html);
    }

    @Test
    void aViewableResultRendersAsHtmlWithItsChartAndAlsoAsPng() throws Exception {
        DisplayData d = renderer.render(new FakeResult("compare d20"));
        String html = (String) d.getData(MIMEType.TEXT_HTML);
        assertTrue(html.contains("compare d20") && html.contains("data:image/png;base64,") && html.contains("loss 0.1"), html);
        assertEquals(300, png(d).getWidth());
    }

    @Test
    void aRegisteredTypeRendersThroughItsViewFunction() {
        DisplayData d = renderer.render(new LaterResult(0.93));
        assertTrue(((String) d.getData(MIMEType.TEXT_HTML)).contains("accuracy 0.93"));
        assertFalse(d.hasDataForType(MIMEType.IMAGE_PNG), "a view without an image offers no PNG");
    }

    @Test
    void otherObjectsStillRenderAsText() {
        DisplayData d = renderer.render(java.util.List.of(1, 2));
        assertEquals("[1, 2]", d.getData(MIMEType.TEXT_PLAIN));
        assertFalse(d.hasDataForType(MIMEType.TEXT_HTML));
    }
}
