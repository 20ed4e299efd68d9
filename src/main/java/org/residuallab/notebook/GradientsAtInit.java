package org.residuallab.notebook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.residuallab.data.Dataset;
import org.residuallab.nn.Model;
import org.residuallab.lesson.AtInit;
import org.residuallab.probe.GradientFlow;
import org.residuallab.probe.GradientSummary;
import org.residuallab.probe.ProbeMetrics;
import org.residuallab.probe.ProbeSession;
import org.residuallab.probe.ProbeTables;
import org.residuallab.probe.Probes;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import org.residuallab.viz.Panel;
import org.residuallab.viz.Plots;
import tech.tablesaw.api.Table;

/**
 * How large the gradients are, layer by layer, before any training: one probed forward/backward pass of
 * each model on the whole dataset (no optimizer step). In a notebook it shows as the gradient chart
 * (dL/dh and dL/dW by layer) and a table of first-block ÷ last-block ratios.
 * <pre>GradientsAtInit g = GradientsAtInit.of(Datasets.spirals(100, 3, 0.1, 1), plain, residual);
 * double r = g.backpropRatio("plain-sigmoid-d20");</pre>
 */
public final class GradientsAtInit implements Viewable {
    private final String data;
    private final Table probes;
    private final Map<String, GradientSummary> summaries;

    private GradientsAtInit(String data, Table probes, Map<String, GradientSummary> summaries) {
        this.data = data;
        this.probes = probes;
        this.summaries = summaries;
    }

    /** Probes each model's gradients over one pass on {@code data} (features (N, d), targets (N, K)). */
    public static GradientsAtInit of(Dataset data, Model... models) {
        if (models.length == 0) throw new IllegalArgumentException("GradientsAtInit needs at least one model");
        List<Table> tables = new ArrayList<>();
        Map<String, GradientSummary> summaries = new LinkedHashMap<>();
        for (Model m : models) {
            if (summaries.containsKey(m.name())) throw new IllegalArgumentException("two models are named '" + m.name() + "': give them different names");
            ProbeSession s = AtInit.probe(m, data, Probes.gradients());
            tables.add(s.table());
            summaries.put(m.name(), s.gradientSummary());
        }
        return new GradientsAtInit(data.name(), ProbeTables.concat(tables), summaries);
    }

    /** The probe records ({@code run, model, depth, step, layer, layer_index, metric, value}). */
    public Table table() {
        return probes;
    }

    public GradientSummary summary(String model) {
        GradientSummary g = summaries.get(model);
        if (g == null) throw new IllegalArgumentException("no model named '" + model + "'; measured: " + summaries.keySet());
        return g;
    }

    /** First hidden block's weight-gradient norm ÷ last hidden block's ({@code grad_ratio_first_to_last}). */
    public double weightRatio(String model) {
        summary(model);
        return GradientFlow.firstToLast(probes, model, ProbeMetrics.WEIGHT_GRAD_L2, 0);
    }

    /** ‖dL/dh‖ at the first hidden block's output ÷ at the last one's: how much of the gradient gets back. */
    public double backpropRatio(String model) {
        summary(model);
        return GradientFlow.firstToLast(probes, model, ProbeMetrics.OUT_GRAD_L2, 0);
    }

    /** dL/dh (left) and dL/dW (right) by layer, one line per model, side by side. */
    public Panel chart() {
        return Plots.panel(Plots.gradientNormByLayer(probes).metric(ProbeMetrics.OUT_GRAD_L2).build(),
                Plots.gradientNormByLayer(probes).metric(ProbeMetrics.WEIGHT_GRAD_L2).build());
    }

    /** One row per model: the two first ÷ last ratios. */
    public Table ratios() {
        StringColumn model = StringColumn.create("model");
        DoubleColumn back = DoubleColumn.create("backprop_ratio"), weight = DoubleColumn.create("weight_ratio");
        for (String m : summaries.keySet()) {
            model.append(m);
            back.append(backpropRatio(m));
            weight.append(weightRatio(m));
        }
        return Table.create("first block ÷ last block", model, back, weight);
    }

    @Override
    public View view() {
        return View.titled("Gradients at initialisation (one backward pass on " + data + ")").image(chart()).table(ratios(), 10);
    }

    @Override
    public String toString() {
        return view().toString() + "\n" + ratios().print();
    }
}
