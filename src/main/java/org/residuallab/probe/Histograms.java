package org.residuallab.probe;

import static org.residuallab.probe.ProbeMetrics.*;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Param;

/**
 * Binned histograms (never raw tensors) of each activation layer's output ({@code activation}), of dL/dh
 * at each unit's output ({@code out_grad}) and of each weight's gradient ({@code weight_grad}: Dense matrices and
 * convolution filter banks (O, C, k, k), every element).
 * Each histogram has its own [min, max] range split into equal bins; they are recorded on the histogram
 * grid ({@link Probes#histogramEvery}) with a cap on the number of steps kept.
 */
public final class Histograms implements Probe {

    @Override
    public boolean histograms() {
        return true;
    }

    /** The activation layers in the unit, and the unit. */
    @Override
    public List<Layer> watch(Unit unit) {
        List<Layer> layers = new ArrayList<>(unit.activations());
        if (!layers.contains(unit.layer())) layers.add(unit.layer());
        return layers;
    }

    @Override
    public void onForward(ProbeContext at, INDArray in, INDArray out) {
        if (Unit.isActivation(at.layer())) at.histogram(HIST_ACTIVATION, out);
    }

    @Override
    public void onBackward(ProbeContext at, INDArray dOut, INDArray dX) {
        if (!at.isUnit()) return;
        at.histogram(HIST_OUT_GRAD, dOut);
        for (Param w : at.unit().weights()) at.histogram(w.path(), HIST_WEIGHT_GRAD, w.grad());
    }
}
