package org.residuallab.notebook;

import java.util.LinkedHashSet;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.residuallab.viz.Metrics;
import org.residuallab.viz.Plots;
import org.residuallab.experiment.CompareResult;
import org.residuallab.experiment.DepthSweepResult;
import org.residuallab.experiment.LesionResult;
import org.residuallab.train.TrainResult;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * How the experiment results look in a notebook: each as its key chart and a small table of the numbers
 * that matter. {@link Lab} registers these for {@code CompareResult}, {@code DepthSweepResult} and
 * {@code LesionResult}.
 */
public final class ResultViews {
    private ResultViews() {}

    static void registerBuiltIns() {
        Lab.register(CompareResult.class, ResultViews::compare);
        Lab.register(DepthSweepResult.class, ResultViews::depthSweep);
        Lab.register(LesionResult.class, ResultViews::lesion);
    }

    /** The training-loss curves, and per model: steps, status, final losses and accuracies, gradient ratio at the start. */
    public static View compare(CompareResult r) {
        XYChart chart = Plots.curves(r.curves(), Metrics.TRAIN_LOSS).markers(true).build();
        StringColumn model = StringColumn.create("model"), status = StringColumn.create("status");
        IntColumn steps = IntColumn.create("steps");
        DoubleColumn trainLoss = DoubleColumn.create("final_train_loss"), trainAcc = DoubleColumn.create("final_train_accuracy"),
                testAcc = DoubleColumn.create("final_test_accuracy"), ratio = DoubleColumn.create("grad_ratio_first_to_last");
        for (TrainResult t : r.results()) {
            model.append(t.model());
            status.append(t.status().name().toLowerCase(java.util.Locale.ROOT));
            steps.append((int) t.stepsDone());
            trainLoss.append(t.finalTrainLoss());
            trainAcc.append(t.finalTrainAccuracy().orElse(Double.NaN));
            testAcc.append(t.finalTestAccuracy().orElse(Double.NaN));
            ratio.append(gradientRatio(r, t.model()));
        }
        Table summary = Table.create("results", model, status, steps, trainLoss, trainAcc, testAcc, ratio);
        return View.titled("Compare '" + r.config().get("name") + "'" + (r.interrupted() ? " (interrupted)" : ""))
                .image(chart).table(withoutEmptyColumns(summary), 10);
    }

    /** Final training loss against depth, one line per block kind, and the sweep's table. */
    public static View depthSweep(DepthSweepResult r) {
        Table t = r.table();
        Table loss = t.where(t.stringColumn("metric").isEqualTo("final_train_loss"));
        XYChart chart = Plots.depthSweep(t, "final_train_loss").build();
        Table ratio = t.where(t.stringColumn("metric").isEqualTo("grad_ratio_first_to_last"));
        StringColumn block = StringColumn.create("block");
        IntColumn depth = IntColumn.create("depth");
        DoubleColumn finalLoss = DoubleColumn.create("final_train_loss"), gradRatio = DoubleColumn.create("grad_ratio_first_to_last");
        for (int i = 0; i < loss.rowCount(); i++) {
            block.append(loss.stringColumn("block").get(i));
            depth.append(loss.intColumn("depth").getInt(i));
            finalLoss.append(loss.doubleColumn("value").getDouble(i));
            gradRatio.append(valueAt(ratio, loss.intColumn("depth").getInt(i), loss.stringColumn("block").get(i)));
        }
        return View.titled("Depth sweep").image(chart).table(Table.create("depth sweep", block, depth, finalLoss, gradRatio), 20);
    }

    /** Test accuracy with each block removed, per model, and each model's intact and worst accuracy. */
    public static View lesion(LesionResult r) {
        Table t = r.table();
        Table acc = t.where(t.stringColumn("metric").isEqualTo("test_accuracy").and(t.intColumn("layer_index").isGreaterThanOrEqualTo(0)));
        boolean accuracy = acc.rowCount() > 0;
        CategoryChart chart = Plots.lesion(t, accuracy ? "test_accuracy" : "test_loss").build();
        StringColumn model = StringColumn.create("model");
        DoubleColumn intact = DoubleColumn.create("intact"), worst = DoubleColumn.create("worst_lesion"), mean = DoubleColumn.create("mean_lesion");
        for (String m : new LinkedHashSet<>(t.stringColumn("model").asList())) {
            List<LesionResult.Row> rows = r.lesions(m);
            model.append(m);
            double in = Double.NaN;
            for (LesionResult.Row row : r.rows()) if (row.model().equals(m) && row.layerIndex() < 0) in = accuracy ? row.accuracy() : row.loss();
            intact.append(in);
            worst.append(rows.stream().mapToDouble(x -> accuracy ? x.accuracy() : x.loss()).reduce(accuracy ? Math::min : Math::max).orElse(Double.NaN));
            mean.append(rows.stream().mapToDouble(x -> accuracy ? x.accuracy() : x.loss()).average().orElse(Double.NaN));
        }
        return View.titled("Lesion study: test " + (accuracy ? "accuracy" : "loss") + " with one block removed")
                .image(chart).table(Table.create("lesions", model, intact, worst, mean), 10);
    }

    private static double gradientRatio(CompareResult r, String model) {
        try {
            return r.gradientSummary(model).gradRatioFirstToLast();
        } catch (IllegalStateException noGradientProbes) {
            return Double.NaN;
        }
    }

    private static double valueAt(Table t, int depth, String block) {
        for (int i = 0; i < t.rowCount(); i++) {
            if (t.intColumn("depth").getInt(i) == depth && t.stringColumn("block").get(i).equals(block)) return t.doubleColumn("value").getDouble(i);
        }
        return Double.NaN;
    }

    private static Table withoutEmptyColumns(Table t) {
        for (String name : List.copyOf(t.columnNames())) {
            if (t.column(name) instanceof DoubleColumn && ((DoubleColumn) t.column(name)).isMissing().size() == t.rowCount()) t.removeColumns(name);
        }
        return t;
    }
}
