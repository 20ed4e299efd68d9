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
 * One command's output folder: every file is listed, charts as PNG and SVG, and {@link #finish} writes summary.json
 * and index.html last. Files are written into a hidden staging folder inside it ({@code .staging-PID}) and moved into
 * place only by {@link #finish}, each by an atomic rename: a run killed before then (even by {@code kill -9}) leaves the
 * folder's previous outputs as they were, and no file under a final name is ever half written. A staging folder left
 * by a killed run is removed by the next run into the same folder.
 */
final class Outputs {
    final Path dir;
    private final Path staging;
    private final List<String> files = new ArrayList<>();
    final HtmlReport report;

    /** Creates the folder and checks it is writable (an UncheckedIOException names it otherwise). */
    Outputs(Path dir, String title) {
        this.dir = AtomicFiles.prepareDirectory(dir);
        AtomicFiles.removeStale(this.dir);
        this.staging = AtomicFiles.prepareDirectory(this.dir.resolve(AtomicFiles.STAGING + ProcessHandle.current().pid()));
        this.report = new HtmlReport(title);
    }

    // a file of this run: written into the staging folder, moved into place by finish
    private Path staged(String name) {
        return staging.resolve(name);
    }

    /** Saves a chart as {@code name}.png and .svg and shows it in index.html. */
    void chart(String name, Chart<?, ?> chart, String caption) {
        Plots.save(chart, staged(name + ".png"));
        Plots.save(chart, staged(name + ".svg"));
        added(name + ".png");
        added(name + ".svg");
        report.chart(name + ".png", caption);
    }

    void panel(String name, Panel panel, String caption) {
        panel.save(staged(name + ".png"));
        panel.save(staged(name + ".svg"));
        added(name + ".png");
        added(name + ".svg");
        report.chart(name + ".png", caption);
    }

    void csv(String name, Table table) {
        AtomicFiles.writeCsv(staged(name + ".csv"), table);
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
        AtomicFiles.write(staged("summary.json"), Json.write(s));
        files.add("summary.json");
        AtomicFiles.write(staged("index.html"), report.html());
        files.add("index.html");
        pause();
        for (String f : files) {   // summary.json and index.html come last
            AtomicFiles.moveInto(staged(f), dir.resolve(f));
            pause();
        }
        AtomicFiles.removeStale(dir);
    }

    // tests only (-Dresiduallab.outputs.pauseMs): slows the moves so a test can kill the process between them
    private static void pause() {
        long ms = Long.getLong("residuallab.outputs.pauseMs", 0);
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void added(String name) {
        pause();
        files.add(name);
        report.file(name);
    }
}
