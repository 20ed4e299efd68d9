package com.example;

import org.residuallab.data.Datasets;
import org.residuallab.data.Split;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;
import org.residuallab.probe.ProbeSession;
import org.residuallab.probe.Probes;
import org.residuallab.train.TrainConfig;
import org.residuallab.train.TrainResult;
import org.residuallab.train.Trainer;

/** A student's own program: a deep plain and a deep residual sigmoid net, probed and trained briefly. */
public class GradientCheck {
    public static void main(String[] args) {
        Split digits = Datasets.digits(0.2, 1);   // 8×8 handwritten digits, bundled with the library
        TrainConfig config = TrainConfig.builder().steps(100).optimizer("sgd").learningRate(0.1).seed(1).evalEvery(100).build();
        for (BlockKind kind : new BlockKind[] {BlockKind.PLAIN, BlockKind.RESIDUAL}) {
            Model net = Models.mlp(10, 32, "sigmoid", Init.glorotUniform(), kind).inputs(64).outputs(10).seed(1).build();
            try (ProbeSession probes = Probes.gradients().attach(net)) {
                TrainResult result = Trainer.of(config).fit(net, digits);
                System.out.printf("%s grad_ratio_first_to_last=%.3g train_accuracy=%.3f test_accuracy=%.3f%n", net.name(),
                        probes.gradientSummary().gradRatioFirstToLast(),
                        result.finalTrainAccuracy().getAsDouble(), result.finalTestAccuracy().getAsDouble());
            }
        }
    }
}
