package org.residuallab.probe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.residuallab.nn.HookHandle;
import tech.tablesaw.api.Table;

/**
 * The handle of attached probes: {@link #close()} detaches every hook it added (closing twice is
 * harmless); what was recorded stays readable afterwards as tidy tables.
 */
public final class ProbeSession implements AutoCloseable {
    private final ProbeLog log;
    private final List<Unit> units;
    private final List<HookHandle> handles;
    private boolean open = true;

    ProbeSession(ProbeLog log, List<Unit> units, List<HookHandle> handles) {
        this.log = log;
        this.units = List.copyOf(units);
        this.handles = new ArrayList<>(handles);
    }

    /** Detaches all hooks this session added. */
    @Override
    public void close() {
        handles.forEach(HookHandle::close);
        handles.clear();
        open = false;
    }

    public boolean isAttached() { return open; }

    /** Hooks this session holds now (0 after {@link #close()}). */
    public int hookCount() { return handles.size(); }

    /** The raw store (interval now in force, sizes). */
    public ProbeLog log() { return log; }

    /** The watched units and their layer_index. */
    public List<Unit> units() { return units; }

    /** All scalar records: {@code run, model, depth, step, layer, layer_index, metric, value} (see {@link ProbeTables}). */
    public Table table() { return ProbeTables.scalars(log); }

    /** All histograms: {@code run, model, depth, step, layer, layer_index, kind, bin, bin_lo, bin_hi, count}. */
    public Table histogramTable() { return ProbeTables.histograms(log); }

    /** Weight-gradient norms by layer at the first recorded step and the first/last block ratio (needs {@link GradientNorms}). */
    public GradientSummary gradientSummary() { return GradientSummary.of(log, units); }

    /** Writes {@link #table()} as CSV (atomically: a temp file, then a rename). */
    public void writeCsv(Path file) { ProbeTables.writeCsv(table(), file); }

    /** Writes {@link #histogramTable()} as CSV (atomically). */
    public void writeHistogramCsv(Path file) { ProbeTables.writeCsv(histogramTable(), file); }
}
