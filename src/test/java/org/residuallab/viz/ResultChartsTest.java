package org.residuallab.viz;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.data.Datasets;
import org.residuallab.data.Split;
import org.residuallab.experiment.DepthSignal;
import org.residuallab.experiment.LesionCurve;
import org.residuallab.experiment.PathGradients;
import org.residuallab.experiment.SignalProfile;
import org.residuallab.nn.BlockStack;
import org.residuallab.nn.Blocks;
import org.residuallab.nn.Init;
import org.residuallab.nn.Loss;
import org.residuallab.nn.Model;
import org.residuallab.train.TrainConfig;
import org.residuallab.train.TrainResult;
import org.residuallab.train.Trainer;

class ResultChartsTest {
    private static final INDArray X = Nd4j.rand(DataType.FLOAT, 32, 2).subi(0.5);
    private static final INDArray Y = Loss.oneHot(new int[32], 3, DataType.FLOAT);

    private static Model stack(int depth, String name) {
        return BlockStack.of(depth, i -> Blocks.preActivation(8, Init.he())).inputs(2).outputs(3).seed(1).name(name).build();
    }

    @Test
    void everySignalChartRendersWithOneSeriesPerModel() {
        SignalProfile p = SignalProfile.of(X, Y, stack(3, "a"), stack(3, "b"));
        XYChart byPosition = Plots.signalByPosition(p, SignalProfile.ACTIVATION_STD, "std");
        assertEquals(2, byPosition.getSeriesMap().size());
        Plots.prediction(byPosition, "prediction", p.positions("a"), DepthSignal.powers(1, 2, p.positions("a")));
        assertEquals(3, byPosition.getSeriesMap().size());
        DepthSignal.Result d = DepthSignal.over(1, 2).data(X, Y).model("pre", n -> stack(n, "pre")).run();
        XYChart byDepth = Plots.signalByDepth(d, DepthSignal.SKIP_PATH, "skip");
        for (XYChart c : List.of(byPosition, byDepth)) assertNotBlank(Plots.toImage(c));
    }

    @Test
    void trainingLesionAndPathChartsRender() {
        Split s = Datasets.spirals(20, 3, 0.1, 1).split(0.3, 1);
        Model m = stack(3, "residual");
        TrainResult r = Trainer.of(TrainConfig.builder().steps(8).batchSize(16).build()).fit(m, s);
        assertNotBlank(Plots.toImage(Plots.trainingLoss(List.of(r), 3, "loss")));
        LesionCurve.Result curve = LesionCurve.of(m).data(s.test()).run();
        assertNotBlank(Plots.toImage(Plots.lesionCurve(curve, List.of("residual"), 1 / 3.0)));
        PathGradients.Result flow = PathGradients.of(m).data(s.train().features(), s.train().targets()).run();
        BufferedImage panel = Plots.pathGradients(flow).toImage();
        assertTrue(panel.getWidth() > 1000, "three charts side by side");
        assertNotBlank(panel);
        assertThrows(IllegalArgumentException.class, () -> Plots.prediction(Plots.lossCurves().add("x", new double[] {1}).build(), "p", new double[] {1, 2}, new double[] {1}));
    }

    private static void assertNotBlank(BufferedImage img) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 4) for (int x = 0; x < img.getWidth(); x += 4) colours.add(img.getRGB(x, y));
        assertTrue(colours.size() > 8, "image has only " + colours.size() + " colours");
    }
}
