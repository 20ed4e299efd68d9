package org.residuallab.probe;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.data.Batches;
import org.residuallab.data.Images;
import org.residuallab.data.Split;
import org.residuallab.nn.Block;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.nn.Optimizer;
import org.residuallab.nn.Param;
import tech.tablesaw.api.Table;

/** Every built-in probe on a convolutional ResNet: filter banks as weights, ReLUs dead per channel, stages. */
class ConvProbesTest {
    private static final Split DIGITS = Images.digits(0.5, 1);
    private static Model model;
    private static Table table, histograms;
    private static GradientSummary summary;

    /** ResNet-8 (one basic block per stage) of width 4 on 1×8×8 digits, 3 steps, every probe at every step. */
    @BeforeAll
    static void train() {
        model = Models.resnet(1).width(4).inputs(1, 8, 8).seed(2).build();
        // channel 0 of block 1's first BatchNorm is shifted far below zero: the ReLU after it is dead on that channel
        Param beta = ((Block) model.net().get(3)).body().get(1).params().get(1);
        assertEquals("block1/body/batchnorm2d1/beta", beta.path());
        beta.value().putScalar(0, -100);
        Batches batches = DIGITS.train().batches(32, 1);
        Optimizer sgd = Optimizer.sgd(0.01);
        try (ProbeSession s = Probes.all().with(new GradDataRatio()).every(1).histogramEvery(1).attach(model)) {
            for (int i = 0; i < 3; i++) {
                Batches.Batch b = batches.next();
                model.lossAndBackward(b.x(), b.y());
                sgd.step(model.params());
            }
            table = s.table();
            histograms = s.histogramTable();
            summary = s.gradientSummary();
        }
    }

    private static double value(String layer, String metric, int step) {
        Table t = table.where(table.stringColumn("layer").isEqualTo(layer).and(table.stringColumn("metric").isEqualTo(metric))
                .and(table.intColumn("step").isEqualTo(step)));
        assertEquals(1, t.rowCount(), layer + " " + metric + " at step " + step);
        return t.doubleColumn("value").getDouble(0);
    }

    @Test
    void unitsAreTheStemLayersTheBlocksAndTheHead() {
        Table w = ProbeTables.byLayer(table, model.name(), ProbeMetrics.WEIGHT_GRAD_L2, 0);
        assertEquals(List.of("conv2d1", "block1", "block2", "block3", "head"), w.stringColumn("layer").asList(),
                "every unit with a weight: the stem's conv, the blocks, the head's Dense (BatchNorm's γ and β are not weights)");
        assertEquals(List.of(0, 3, 4, 5, 6), w.intColumn("layer_index").asList());
        assertEquals(List.of("conv2d1", "block1", "block2", "block3", "head"), summary.layers());
        assertEquals(List.of("block1", "block2", "block3"), summary.blocks());
        assertTrue(summary.gradRatioFirstToLast() > 0 && Double.isFinite(summary.gradRatioFirstToLast()));
    }

    @Test
    void aFilterBankCountsAsAWeightMatrix() {
        // step 2's gradients are what the last backward pass left (the optimizer does not clear them)
        double sq = 0;
        for (Param p : model.net().get(4).params()) {
            if (p.name().equals("W")) sq += Math.pow(p.grad().norm2Number().doubleValue(), 2);
        }
        assertEquals(Math.sqrt(sq), value("block2", ProbeMetrics.WEIGHT_GRAD_L2, 2), 1e-5 * Math.sqrt(sq));
        Param filters = model.net().get(4).params().get(0);
        assertEquals("block2/body/conv2d1/W", filters.path());
        assertArrayEquals(new long[] {8, 4, 3, 3}, filters.shape());
        assertTrue(GradDataRatio.isWeightMatrix(filters));
        assertEquals(GradDataRatio.ratio(filters), value(filters.path(), GradDataRatio.METRIC, 2), 1e-5 * GradDataRatio.ratio(filters));
        assertTrue(GradDataRatio.of(model).stringColumn("param").asList().contains("block2/body/conv2d1/W"));
        assertEquals(filters.grad().norm2Number().doubleValue(), value(filters.path(), ProbeMetrics.PARAM_GRAD_L2, 2), 1e-5);
        assertTrue(Double.isFinite(value(filters.path(), ProbeMetrics.UPDATE_RATIO_LOG10, 1)), "the update ratio of a filter bank");
        Table h = histograms.where(histograms.stringColumn("layer").isEqualTo(filters.path()).and(histograms.intColumn("step").isEqualTo(2)));
        assertEquals(Set.of("weight_grad"), Set.copyOf(h.stringColumn("kind").asList()));
        assertEquals(8 * 4 * 3 * 3, (long) h.longColumn("count").sum(), "the histogram bins every element of the filter bank's gradient");
    }

    @Test
    void activationStatisticsCoverImagesAndAReluChannelIsDeadWhenNoPixelOfAnyImageIsPositive() {
        Layer relu = ((Block) model.net().get(3)).body().get(2);
        assertEquals("block1/body/relu1", relu.path());
        INDArray y = relu.lastOutput(); // (32, 4, 8, 8) at step 2
        int dead = 0;
        for (int c = 0; c < 4; c++) if (y.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(c)).maxNumber().doubleValue() <= 0) dead++;
        assertTrue(dead >= 1, "channel 0 was made dead");
        assertEquals(dead / 4.0, value("block1/body/relu1", ProbeMetrics.ACT_DEAD, 2), 0);
        assertEquals(y.meanNumber().doubleValue(), value("block1/body/relu1", ProbeMetrics.ACT_MEAN, 2), 1e-5);
        Table h = histograms.where(histograms.stringColumn("layer").isEqualTo("block1/body/relu1").and(histograms.intColumn("step").isEqualTo(2)));
        assertEquals(y.length(), (long) h.longColumn("count").sum(), "the activation histogram bins every pixel of every channel");
        for (String metric : List.of(ProbeMetrics.OUT_MEAN, ProbeMetrics.OUT_STD, ProbeMetrics.OUT_GRAD_L2, ProbeMetrics.BRANCH_STD)) {
            assertTrue(Double.isFinite(value("block3", metric, 1)), metric + " of a conv block");
        }
    }

    @Test
    void aDeadReluChannelIsOneNeverPositiveOverTheBatchAndAllPixels() {
        INDArray y = Nd4j.zeros(DataType.FLOAT, 2, 3, 2, 2);
        y.putScalar(new long[] {1, 0, 1, 1}, 0.5);   // channel 0: one pixel of one image is positive: alive
        y.putScalar(new long[] {0, 2, 0, 0}, -1);    // channel 1 all zero, channel 2 never positive: dead
        assertEquals(2 / 3.0, ActivationStats.dead(y), 1e-12);
        assertEquals(2 / 3.0, ActivationStats.dead(y.castTo(DataType.DOUBLE)), 1e-12);
        INDArray seq = Nd4j.zeros(DataType.FLOAT, 2, 3, 4);    // (B, T, F): a unit is a feature over batch and positions
        seq.putScalar(new long[] {1, 2, 3}, 1);
        assertEquals(3 / 4.0, ActivationStats.dead(seq), 1e-12);
        INDArray mlp = Nd4j.zeros(DataType.FLOAT, 5, 4);
        mlp.putScalar(new long[] {4, 1}, 1);
        assertEquals(3 / 4.0, ActivationStats.dead(mlp), 1e-12);
    }

    @Test
    void theUnitsTableNamesEveryStage() {
        Model m = Models.resnet(2).width(4).inputs(1, 8, 8).build(); // ResNet-14: 2 blocks per stage
        Table u = ProbeTables.units(m);
        assertEquals(List.of("model", "layer", "layer_index", "kind", "role", "stage", "output_shape", "params"), u.columnNames());
        assertEquals(List.of("conv2d1", "batchnorm2d1", "relu1", "block1", "block2", "block3", "block4", "block5", "block6", "head"),
                u.stringColumn("layer").asList());
        assertEquals(List.of("stem", "stem", "stem", "block", "block", "block", "block", "block", "block", "head"), u.stringColumn("role").asList());
        assertEquals(List.of(0, 0, 0, 1, 1, 2, 2, 3, 3, 4), u.intColumn("stage").asList());
        assertEquals(List.of("(4, 8, 8)", "(4, 8, 8)", "(4, 8, 8)", "(4, 8, 8)", "(4, 8, 8)", "(8, 4, 4)", "(8, 4, 4)", "(16, 2, 2)",
                "(16, 2, 2)", "(10)"), u.stringColumn("output_shape").asList());
        long total = 0;
        for (Param p : m.params()) total += p.size();
        assertEquals(total, (long) u.longColumn("params").sum());
    }

    @Test
    void imageNetStagesAreConv2xToConv5xAndTheMaxPoolBelongsToTheStem() {
        Model r18 = Param.shapesOnly(Models::resnet18);
        Table u = ProbeTables.units(r18);
        Table stem = u.where(u.stringColumn("role").isEqualTo("stem"));
        assertEquals(List.of("Conv2d", "BatchNorm2d", "ReLU", "MaxPool2d"), stem.stringColumn("kind").asList());
        List<Integer> blockStages = new ArrayList<>(u.where(u.stringColumn("role").isEqualTo("block")).intColumn("stage").asList());
        assertEquals(List.of(1, 1, 2, 2, 3, 3, 4, 4), blockStages);
        assertEquals(r18.summary().totalParams(), (long) u.longColumn("params").sum(), "every parameter, BatchNorm's running statistics included");
        assertEquals(11_689_512L, r18.summary().trainableParams());
    }

    @Test
    void anMlpHasOneStageAndAModelWithoutBlocksHasNone() {
        Model mlp = Models.mlp(3, 8, "tanh", Init.lecun(), BlockKind.RESIDUAL).inputs(2).outputs(3).build();
        Table u = ProbeTables.units(mlp);
        assertEquals(List.of(0, 1, 1, 1, 2), u.intColumn("stage").asList());
        assertEquals(List.of("stem", "block", "block", "block", "head"), u.stringColumn("role").asList());
        Model flat = Model.of("flat", org.residuallab.nn.Sequential.of(new org.residuallab.nn.Dense(2, 4), new org.residuallab.nn.Dense(4, 2)));
        assertEquals(List.of("layer", "layer"), ProbeTables.units(flat).stringColumn("role").asList());
    }

    @Test
    void byStageAveragesTheBlocksOfEachStage() {
        Table u = ProbeTables.units(model);
        Table s = ProbeTables.byStage(table, u, ProbeMetrics.WEIGHT_GRAD_L2);
        assertEquals(List.of("model", "step", "stage", "blocks", "metric", "value"), s.columnNames());
        Table step1 = s.where(s.intColumn("step").isEqualTo(1));
        assertEquals(List.of(1, 2, 3), step1.intColumn("stage").asList());
        assertEquals(List.of(1, 1, 1), step1.intColumn("blocks").asList());
        assertEquals(value("block2", ProbeMetrics.WEIGHT_GRAD_L2, 1), step1.doubleColumn("value").getDouble(1), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProbeTables.byStage(table, u, "no_such_metric"));
        assertTrue(e.getMessage().contains("no 'no_such_metric' rows of blocks"), e.getMessage());
    }
}
