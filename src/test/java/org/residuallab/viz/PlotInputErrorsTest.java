package org.residuallab.viz;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Bad input gets an IllegalArgumentException whose message names what is wrong. */
class PlotInputErrorsTest {

    static Table probes(String... rows) {
        Table t = Table.create("probes", StringColumn.create("run"), StringColumn.create("model"), IntColumn.create("depth"),
            IntColumn.create("step"), StringColumn.create("layer"), IntColumn.create("layer_index"), StringColumn.create("metric"),
            DoubleColumn.create("value"));
        for (String r : rows) {
            String[] f = r.split(",");
            t.stringColumn("run").append("r");
            t.stringColumn("model").append(f[0]);
            t.intColumn("depth").append(2);
            t.intColumn("step").append(Integer.parseInt(f[1]));
            t.stringColumn("layer").append(f[2]);
            t.intColumn("layer_index").append(Integer.parseInt(f[3]));
            t.stringColumn("metric").append(f[4]);
            t.doubleColumn("value").append(Double.parseDouble(f[5]));
        }
        return t;
    }

    static Stream<Arguments> badInputs() {
        Table ok = probes("plain-d2,0,block1,1,weight_grad_l2,0.1", "residual-d2,0,block1,1,weight_grad_l2,0.2");
        Table empty = probes();
        Table noMetric = ok.copy().removeColumns("metric");
        Table textValue = ok.copy().removeColumns("value").addColumns(StringColumn.create("value", "a", "b"));
        return Stream.of(
            Arguments.of("empty table", (Supplier<?>) () -> Plots.gradientNormByLayer(empty).build(), "is empty"),
            Arguments.of("missing column", (Supplier<?>) () -> Plots.gradientNormByLayer(noMetric).build(), "no column 'metric'"),
            Arguments.of("value not numeric", (Supplier<?>) () -> Plots.gradientNormByLayer(textValue).build(), "column 'value'"),
            Arguments.of("unknown metric", (Supplier<?>) () -> Plots.gradientNormByLayer(ok).metric("grad").build(), "metrics present: [weight_grad_l2]"),
            Arguments.of("null table", (Supplier<?>) () -> Plots.updateRatio(null).build(), "table is null"),
            Arguments.of("NaN value", (Supplier<?>) () -> Plots.gradientNormByLayer(probes("plain-d2,0,block1,1,weight_grad_l2,NaN")).build(),
                "model 'plain-d2', layer 'block1', step 0"),
            Arguments.of("two rows for one layer", (Supplier<?>) () -> Plots.gradientNormByLayer(
                probes("p,0,block1/W,1,weight_grad_l2,0.1", "p,0,block1/b,1,weight_grad_l2,0.2")).build(), "layers 'block1/W' and 'block1/b'"),
            Arguments.of("all zero on a log axis", (Supplier<?>) () -> Plots.gradientNormByLayer(probes("p,0,block1,1,weight_grad_l2,0")).build(), "is zero"),
            Arguments.of("step not recorded", (Supplier<?>) () -> Plots.gradientNormByLayer(ok).step(7).build(), "no 'weight_grad_l2' rows at step 7"),
            Arguments.of("heat map of two models", (Supplier<?>) () -> Plots.gradientHeatMap(ok).build(), "choose one with .model(name)"),
            Arguments.of("heat map of unknown model", (Supplier<?>) () -> Plots.gradientHeatMap(ok).model("x").build(), "no model 'x'"),
            Arguments.of("curve lengths differ", (Supplier<?>) () -> Plots.lossCurves().add("a", new double[] {1, 2}, new double[] {1}), "x has 2 values but y has 1"),
            Arguments.of("curve of a per-layer metric", (Supplier<?>) () -> Plots.curves(probes("p,0,a,1,m,1", "p,0,b,2,m,1"), "m"), "two 'm' rows at step 0"),
            Arguments.of("no curves", (Supplier<?>) () -> Plots.lossCurves().build(), "no series"),
            Arguments.of("infinite point", (Supplier<?>) () -> Plots.lossCurves().add("a", new double[] {1}, new double[] {Double.POSITIVE_INFINITY}), "y[0] is Infinity"),
            Arguments.of("lesion block counts differ", (Supplier<?>) () -> Plots.lesion().add("a", new double[] {1, 2}, 1).add("b", new double[] {1}, 1), "has 1 blocks but earlier models have 2"),
            Arguments.of("histogram table lacks bins", (Supplier<?>) () -> Plots.histograms(ok).build(), "no column 'kind'"),
            Arguments.of("tiny chart", (Supplier<?>) () -> Plots.lossCurves().size(10, 10), "at least 100"),
            Arguments.of("empty panel", (Supplier<?>) () -> Panel.of(), "at least one chart"),
            Arguments.of("bad file type", (Supplier<?>) () -> Plots.gradientNormByLayer(ok).save(Path.of("x.jpg")), "must end in .png or .svg"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsAClearError(String name, Supplier<?> call, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::get);
        assertTrue(e.getMessage().contains(expected), "message was: " + e.getMessage());
    }

    @Test
    void unwritableFolderIsAClearErrorNamingThePath(@TempDir Path dir) throws Exception {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "not a folder");
        Path target = blocker.resolve("chart.png");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
            () -> Plots.lossCurves().add("a", new double[] {1, 2}).save(target));
        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
    }
}
