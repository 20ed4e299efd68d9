package org.residuallab.diagnose;

import static org.junit.jupiter.api.Assertions.*;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.residuallab.data.Split;
import org.residuallab.data.Datasets;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.probe.ProbeSession;
import org.residuallab.probe.Probes;
import org.residuallab.train.TrainConfig;
import org.residuallab.train.TrainResult;
import org.residuallab.train.Trainer;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class RulesOfThumbTest {

    /** A probe table with one metric of one layer over steps 0, 10, 20, ... */
    private static Table rows(String layer, int index, String metric, double... values) {
        Table t = Table.create("probes", StringColumn.create("run"), StringColumn.create("model"), IntColumn.create("depth"),
                IntColumn.create("step"), StringColumn.create("layer"), IntColumn.create("layer_index"),
                StringColumn.create("metric"), DoubleColumn.create("value"));
        for (int i = 0; i < values.length; i++) add(t, layer, index, metric, 10 * i, values[i]);
        return t;
    }

    private static void add(Table t, String layer, int index, String metric, int step, double value) {
        t.stringColumn("run").append("r");
        t.stringColumn("model").append("m");
        t.intColumn("depth").append(10);
        t.intColumn("step").append(step);
        t.stringColumn("layer").append(layer);
        t.intColumn("layer_index").append(index);
        t.stringColumn("metric").append(metric);
        t.doubleColumn("value").append(value);
    }

    static Stream<Arguments> updateRatios() {
        return Stream.of(Arguments.of(new double[] {-9, -8.5, -9.2}, "low"), Arguments.of(new double[] {-2.5, -3, -3.2}, "ok"),
                Arguments.of(new double[] {0.1, -1.7, -1.8}, "high"), Arguments.of(new double[] {-1, -3, -3.1}, "ok"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("updateRatios")
    void updateRatioIsJudgedByItsMedianAgainstMinusFourToMinusTwo(double[] log10Ratios, String verdict) {
        Checkup c = RulesOfThumb.check("m", rows("block1/body/dense1/W", 1, "update_ratio_log10", log10Ratios));
        Finding f = c.findings().get(0);
        assertEquals("update_ratio", f.rule());
        assertEquals(verdict, f.verdict());
        assertEquals(verdict.equals("ok"), f.advice().isEmpty(), f.advice());
    }

    @Test
    void biasesAreNotJudgedByTheUpdateRatio() {
        Table t = rows("block1/body/dense1/b", 1, "update_ratio_log10", -9, -9);
        add(t, "block1/body/dense1/W", 1, "update_ratio_log10", 0, -3);
        Checkup c = RulesOfThumb.check("m", t);
        assertEquals(1, c.findings().size());
        assertTrue(c.healthy(), c.toString());
    }

    @Test
    void activationStdRuleSkipsSigmoidsWhoseStdCannotReachOneHalf() {
        Table t = rows("block1/body/sigmoid1", 1, "act_std", 0.1);
        add(t, "block1/body/tanh1", 1, "act_std", 0, 0.1);
        add(t, "block2/body/tanh1", 2, "act_std", 0, 0.8);
        add(t, "block3/body/relu1", 3, "act_std", 0, 3.0);
        Checkup c = RulesOfThumb.check("m", t);
        assertEquals(3, c.findings().size(), c.toString());
        assertEquals(1, c.count("activation_std", "low"));
        assertEquals(1, c.count("activation_std", "ok"));
        assertEquals(1, c.count("activation_std", "high"));
    }

    @Test
    void saturationAndDeadUnitsAreJudgedAtTheLastRecordedStep() {
        Table t = rows("block1/body/tanh1", 1, "act_saturation", 0.9, 0.1);
        add(t, "block2/body/relu1", 2, "act_dead", 0, 0.05);
        add(t, "block2/body/relu1", 2, "act_dead", 10, 0.6);
        Checkup c = RulesOfThumb.check("m", t);
        assertEquals(1, c.count("saturation", "ok"));
        assertEquals(1, c.count("saturation", "high"));
        assertTrue(c.problems().get(0).advice().contains("dead"), c.problems().get(0).advice());
        assertEquals(0.6, c.max("saturation"));
        assertEquals(0.1, c.min("saturation"));
    }

    @Test
    void gradientSpreadComparesTheFirstAndLastBlockInNumericOrder() {
        Table t = rows("block2", 2, "weight_grad_l2", 1e-4);
        add(t, "block10", 10, "weight_grad_l2", 0, 1.0);
        add(t, "block1", 1, "weight_grad_l2", 0, 1e-5);
        add(t, "dense1", 0, "weight_grad_l2", 0, 1e-9);   // the stem is not a hidden block
        Checkup c = RulesOfThumb.check("m", t);
        Finding f = c.findings().get(0);
        assertEquals("block1/block10", f.layer());
        assertEquals(1e-5, f.value(), 1e-12);
        assertEquals("low", f.verdict());
    }

    @Test
    void otherModelsRowsAreIgnoredAndAnEmptySelectionIsExplained() {
        Table t = rows("block1/body/dense1/W", 1, "update_ratio_log10", -9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RulesOfThumb.check("other", t));
        assertTrue(e.getMessage().contains("'other'"), e.getMessage());
        IllegalArgumentException cols = assertThrows(IllegalArgumentException.class,
                () -> RulesOfThumb.check("m", Table.create("x", StringColumn.create("model"))));
        assertTrue(cols.getMessage().contains("no column 'step'"), cols.getMessage());
    }

    @Test
    void printoutHasOneLinePerRuleWithItsVerdict() {
        Table t = rows("block1/body/dense1/W", 1, "update_ratio_log10", -9);
        add(t, "block2/body/dense1/W", 2, "update_ratio_log10", 0, -3);
        String s = RulesOfThumb.check("m", t).toString();
        assertTrue(s.startsWith("m: 1 finding(s) outside the rules of thumb"), s);
        assertTrue(s.contains("✘ update_ratio") && s.contains("1 of 2 low") && s.contains("block1/body/dense1/W"), s);
    }

    private static TrainResult run(BlockKind kind, double lr, Checkup[] out) {
        Split data = Datasets.spirals(40, 3, 0.1, 1).split(0.25, 1);
        Model m = Models.mlp(8, 16, "sigmoid", Init.glorotUniform(), kind).inputs(2).outputs(3).seed(1).build();
        try (ProbeSession s = Probes.all().every(5).histogramEvery(1000).attach(m)) {
            TrainResult r = Trainer.of(TrainConfig.builder().steps(20).batchSize(32).optimizer("sgd").learningRate(lr).seed(1).evalEvery(5).build())
                    .fit(m, data);
            out[0] = RulesOfThumb.check(r, s.table());
            return r;
        }
    }

    @Test
    void aDeepPlainSigmoidNetIsFlaggedForVanishingGradientsAndItsResidualTwinIsNot() {
        Checkup[] plain = new Checkup[1], residual = new Checkup[1];
        run(BlockKind.PLAIN, 0.5, plain);
        run(BlockKind.RESIDUAL, 0.5, residual);
        assertEquals("low", plain[0].findings().stream().filter(f -> f.rule().equals("gradient_spread")).findFirst().orElseThrow().verdict(), plain[0].toString());
        assertTrue(plain[0].count("update_ratio", "low") >= 4, plain[0].toString());
        assertEquals(0, residual[0].count("gradient_spread", "low"), residual[0].toString());
        assertEquals(0, residual[0].count("update_ratio", "low"), residual[0].toString());
    }

    @Test
    void aHugeLearningRateMakesTheLossRiseAndSaturatesTheSigmoids() {
        Checkup[] c = new Checkup[1];
        run(BlockKind.RESIDUAL, 200, c);
        assertEquals(1, c[0].count("loss_trend", "high"), c[0].toString());
        assertTrue(c[0].count("saturation", "high") >= 8, c[0].toString());
    }
}
