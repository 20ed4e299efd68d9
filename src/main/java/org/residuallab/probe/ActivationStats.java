package org.residuallab.probe;

import static org.residuallab.probe.ProbeMetrics.*;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Layer;
import org.residuallab.nn.LeakyReLU;
import org.residuallab.nn.ReLU;
import org.residuallab.nn.Sigmoid;
import org.residuallab.nn.Tanh;

/**
 * Activation statistics on forward: mean and std of each unit's output ({@code out_mean}, {@code out_std})
 * and of each activation layer's output ({@code act_mean}, {@code act_std}), with the saturated fraction
 * of a sigmoid (outside [0.03, 0.97]) or tanh (|y| &gt; 0.97) and the dead fraction of a ReLU (units never
 * positive over the batch; for images (B, C, H, W), channels never positive over the batch and pixels), as
 * in Karpathy's makemore diagnostics. Means, stds and saturation count every element, of any rank.
 */
public final class ActivationStats implements Probe {
    static final double SATURATED = 0.97;

    /** The unit and the activation layers inside it. */
    @Override
    public List<Layer> watch(Unit unit) {
        List<Layer> layers = new ArrayList<>(List.of(unit.layer()));
        for (Layer act : unit.activations()) if (act != unit.layer()) layers.add(act);
        return layers;
    }

    @Override
    public void onForward(ProbeContext at, INDArray in, INDArray out) {
        if (at.isUnit()) { // the unit's output h (B, ...)
            double[] h = Stats.meanStd(out);
            at.record(OUT_MEAN, h[0]);
            at.record(OUT_STD, h[1]);
        }
        Layer act = at.layer(); // an activation's output y (B, F), (B, T, F) or (B, C, H, W)
        if (!Unit.isActivation(act)) return;
        if (act instanceof Sigmoid) { // mean and std by the Java loop, as the count
            double[] s = Stats.loopSummary(out);
            at.record(ACT_MEAN, s[4]);
            at.record(ACT_STD, s[2]);
            at.record(ACT_SATURATION, Stats.fractionOutside(out, 1 - SATURATED, SATURATED));
            return;
        }
        double[] s = Stats.meanStd(out);
        at.record(ACT_MEAN, s[0]);
        at.record(ACT_STD, s[1]);
        if (act instanceof Tanh) at.record(ACT_SATURATION, Stats.fractionAbsAbove(out, SATURATED));
        if (act instanceof ReLU || act instanceof LeakyReLU) at.record(ACT_DEAD, dead(out));
    }

    /**
     * The dead fraction of a ReLU's output: of the units of y (B, F) or (B, T, F), those never positive over
     * the batch (and positions); of the channels of y (B, C, H, W), those never positive over the batch and
     * all H·W pixels (a channel shares one filter, so it lives or dies as a whole).
     */
    static double dead(INDArray y) {
        if (y.rank() == 4) return Stats.deadChannels(y, (int) y.size(0), (int) y.size(1), (int) (y.size(2) * y.size(3)));
        long units = y.size(y.rank() - 1);
        return Stats.deadColumns(y, (int) (y.length() / units), (int) units);
    }
}
