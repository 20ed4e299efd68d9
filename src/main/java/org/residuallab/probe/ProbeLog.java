package org.residuallab.probe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where probes write: scalar records (step, layer, metric, value) in primitive arrays and binned
 * histograms. Memory stays bounded on long runs: when more than {@code maxSteps} distinct steps have
 * been recorded, the recording interval doubles and every record off the new grid is dropped (the
 * same for histograms with their own cap). Step 0 is always kept.
 */
public final class ProbeLog {
    private final String run, model;
    private final int depth;
    private final int maxSteps, maxHistogramSteps;
    private long every, histogramEvery;

    private final List<String> layers = new ArrayList<>();
    private final Map<String, Integer> layerIds = new HashMap<>();
    private int[] layerIndex = new int[16];
    private final List<String> metrics = new ArrayList<>();
    private final Map<String, Integer> metricIds = new HashMap<>();

    private long[] steps = new long[256];
    private int[] layerOf = new int[256], metricOf = new int[256];
    private double[] values = new double[256];
    private int size;
    private long lastStep = -1, lastHistogramStep = -1;
    private int distinctSteps, distinctHistogramSteps;

    /** One binned histogram: counts[i] values fell in [lo + i·w, lo + (i+1)·w), w = (hi − lo) / counts.length. */
    record Histogram(long step, int layer, String kind, double lo, double hi, long[] counts) {}

    private final List<Histogram> histograms = new ArrayList<>();

    ProbeLog(String run, String model, int depth, long every, int maxSteps, long histogramEvery, int maxHistogramSteps) {
        this.run = run;
        this.model = model;
        this.depth = depth;
        this.every = every;
        this.maxSteps = maxSteps;
        this.histogramEvery = histogramEvery;
        this.maxHistogramSteps = maxHistogramSteps;
    }

    public String run() { return run; }

    public String model() { return model; }

    public int depth() { return depth; }

    /** The current recording interval (grows by doubling when {@code maxSteps} is exceeded). */
    public long every() { return every; }

    /** The current histogram interval. */
    public long histogramEvery() { return histogramEvery; }

    /** Number of scalar records held now. */
    public int size() { return size; }

    /** Number of histograms held now. */
    public int histogramCount() { return histograms.size(); }

    /** Distinct steps with scalar records held now (at most {@code maxSteps}). */
    public int recordedSteps() { return distinctSteps; }

    boolean wants(long step) { return step >= 0 && step % every == 0; }

    boolean wantsHistogram(long step) { return step >= 0 && step % histogramEvery == 0; }

    /**
     * True if {@code step} is recorded: it lies on the grid (of histograms when {@code histograms}). The
     * first call for a step counts it, which may thin the log and take the step off the grid.
     */
    boolean opens(long step, boolean histograms) {
        if (histograms) {
            if (!wantsHistogram(step)) return false;
            noteHistogramStep(step);
            return wantsHistogram(step);
        }
        if (!wants(step)) return false;
        noteStep(step);
        return wants(step);
    }

    /** Counts distinct steps with records and thins when over the cap. */
    private void noteStep(long step) {
        if (step <= lastStep) return;
        lastStep = step;
        if (++distinctSteps > maxSteps) thin();
    }

    private void noteHistogramStep(long step) {
        if (step <= lastHistogramStep) return;
        lastHistogramStep = step;
        if (++distinctHistogramSteps > maxHistogramSteps) {
            histogramEvery = doubled(histogramEvery);
            histograms.removeIf(h -> h.step() % histogramEvery != 0);
            java.util.Set<Long> distinct = new java.util.HashSet<>();
            if (step % histogramEvery == 0) distinct.add(step); // noted, histograms still to come
            for (Histogram h : histograms) distinct.add(h.step());
            distinctHistogramSteps = distinct.size();
        }
    }

    private void thin() {
        every = doubled(every);
        int kept = 0;
        java.util.Set<Long> distinct = new java.util.HashSet<>();
        if (lastStep % every == 0) distinct.add(lastStep); // noted, records may still come
        for (int i = 0; i < size; i++) {
            if (steps[i] % every != 0) continue;
            distinct.add(steps[i]);
            steps[kept] = steps[i];
            layerOf[kept] = layerOf[i];
            metricOf[kept] = metricOf[i];
            values[kept++] = values[i];
        }
        size = kept;
        distinctSteps = distinct.size();
    }

    private static long doubled(long interval) {
        return interval > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : interval * 2;
    }

    /** Adds one scalar record; dropped if its step is off the current grid (thinned away). */
    void add(long step, String layer, int index, String metric, double value) {
        if (step % every != 0) return;
        if (size == steps.length) grow();
        steps[size] = step;
        layerOf[size] = layerId(layer, index);
        metricOf[size] = metricIds.computeIfAbsent(metric, m -> { metrics.add(m); return metrics.size() - 1; });
        values[size++] = value;
    }

    void addHistogram(long step, String layer, int index, String kind, double lo, double hi, long[] counts) {
        if (step % histogramEvery != 0) return;
        histograms.add(new Histogram(step, layerId(layer, index), kind, lo, hi, counts));
    }

    private int layerId(String layer, int index) {
        Integer id = layerIds.get(layer);
        if (id != null) return id;
        layers.add(layer);
        if (layers.size() > layerIndex.length) layerIndex = Arrays.copyOf(layerIndex, layerIndex.length * 2);
        layerIndex[layers.size() - 1] = index;
        layerIds.put(layer, layers.size() - 1);
        return layers.size() - 1;
    }

    private void grow() {
        int n = steps.length * 2;
        steps = Arrays.copyOf(steps, n);
        layerOf = Arrays.copyOf(layerOf, n);
        metricOf = Arrays.copyOf(metricOf, n);
        values = Arrays.copyOf(values, n);
    }

    // read access for tables and summaries
    long step(int i) { return steps[i]; }
    String layer(int i) { return layers.get(layerOf[i]); }
    int layerIndex(int i) { return layerIndex[layerOf[i]]; }
    String metric(int i) { return metrics.get(metricOf[i]); }
    double value(int i) { return values[i]; }
    List<Histogram> histograms() { return histograms; }
    String layerName(int id) { return layers.get(id); }
    int layerIndexOf(int id) { return layerIndex[id]; }
}
