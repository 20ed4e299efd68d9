package org.residuallab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.residuallab.io.AtomicFiles;
import org.knowm.xchart.internal.chartpart.Chart;
import org.residuallab.viz.Panel;
import org.residuallab.viz.Plots;
import tech.tablesaw.api.Table;

/**
 * One command's output folder: every file is written atomically and listed, charts as PNG and SVG,
 * and {@link #finish} writes summary.json and index.html last.
 */
final class Outputs {
    final Path dir;
    private final List<String> files = new ArrayList<>();
    final HtmlReport report;

    /** Creates the folder and checks it is writable (an UncheckedIOException names it otherwise). */
    Outputs(Path dir, String title) {
        this.dir = AtomicFiles.prepareDirectory(dir);
        this.report = new HtmlReport(title);
    }

    /** Saves a chart as {@code name}.png and .svg and shows it in index.html. */
    void chart(String name, Chart<?, ?> chart, String caption) {
        Plots.save(chart, dir.resolve(name + ".png"));
        Plots.save(chart, dir.resolve(name + ".svg"));
        added(name + ".png");
        added(name + ".svg");
        report.chart(name + ".png", caption);
    }

    void panel(String name, Panel panel, String caption) {
        panel.save(dir.resolve(name + ".png"));
        panel.save(dir.resolve(name + ".svg"));
        added(name + ".png");
        added(name + ".svg");
        report.chart(name + ".png", caption);
    }

    void csv(String name, Table table) {
        AtomicFiles.writeCsv(dir.resolve(name + ".csv"), table);
        added(name + ".csv");
    }

    List<String> files() {
        return List.copyOf(files);
    }

    /** Writes summary.json ({@code summary} plus the list of files) and index.html. */
    void finish(Map<String, Object> summary) {
        Map<String, Object> s = new LinkedHashMap<>(summary);
        List<String> all = new ArrayList<>(files);
        all.add("summary.json");
        all.add("index.html");
        s.put("files", all);
        AtomicFiles.write(dir.resolve("summary.json"), Json.write(s));
        files.add("summary.json");
        AtomicFiles.write(dir.resolve("index.html"), report.html());
        files.add("index.html");
    }

    private void added(String name) {
        files.add(name);
        report.file(name);
    }
}
