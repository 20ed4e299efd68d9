package org.residuallab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.fast.Buffers;
import org.residuallab.nn.fast.Kernels;

/**
 * Softmax and cross-entropy fused: L = −mean_b Σ_k t_bk · log softmax(z)_bk, computed stably by
 * subtracting each row's max; dZ = (softmax(z) − t) / B. Targets are one-hot (or any distribution).
 * Computed in double precision whatever the logits' type.
 */
public final class SoftmaxCrossEntropy implements Loss {
    private INDArray probs, target, dLogits; // probs and target saved for backward; dLogits reused

    // logits (B, K), target (B, K) -> mean loss
    @Override
    public double forward(INDArray logits, INDArray target) {
        Loss.checkShapes(name(), logits, target);
        int rows = (int) logits.rows(), k = (int) logits.columns();
        double[] z = Kernels.toDoubles(logits), t = Kernels.toDoubles(target), p = new double[z.length];
        double loss = 0;
        for (int b = 0; b < rows; b++) {
            int row = b * k;
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = row; j < row + k; j++) max = Math.max(max, z[j]);
            for (int j = row; j < row + k; j++) sum += Math.exp(z[j] - max);
            double logSum = Math.log(sum);
            for (int j = row; j < row + k; j++) {
                double logP = z[j] - max - logSum; // log softmax(z)
                p[j] = Math.exp(logP);
                if (t[j] != 0) loss -= t[j] * logP;
            }
        }
        probs = Buffers.like(probs, logits);
        Kernels.fromDoubles(p, probs);
        this.target = target.castTo(logits.dataType());
        return loss / rows;
    }

    // -> dLogits (B, K)
    @Override
    public INDArray backward() {
        dLogits = Buffers.like(dLogits, probs);
        Kernels.add(dLogits, 1.0 / probs.rows(), probs, -1.0 / probs.rows(), target); // (p − t) / B
        return dLogits;
    }

    /** The softmax probabilities of the last forward (B, K). */
    public INDArray probabilities() {
        return probs;
    }

    @Override
    public String name() {
        return "softmax-cross-entropy";
    }
}
