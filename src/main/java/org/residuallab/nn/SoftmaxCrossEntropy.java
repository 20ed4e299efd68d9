package org.residuallab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.fast.Buffers;
import org.residuallab.nn.fast.Kernels;

/**
 * Softmax and cross-entropy fused: L = −mean_n Σ_k t_nk · log softmax(z)_nk over the N rows of the
 * logits (N = B for (B, K), B·T for sequences (B, T, K)), computed stably by subtracting each row's max;
 * dZ = (softmax(z) − t) / N. Targets are one-hot (or any distribution) of the logits' shape, or class
 * indices with the last axis dropped ((B) or (B, T)), where a negative index marks a position that does
 * not count (PyTorch's ignore_index): the mean is then over the positions that count.
 * Computed in double precision whatever the logits' type.
 */
public final class SoftmaxCrossEntropy implements Loss {
    private INDArray probs, target, dLogits; // probs and target saved for backward; dLogits reused
    private int[] labels;                    // the class indices, when the target was given as indices
    private int counted;                     // N: the rows that count

    // logits (N, K) or (B, T, K), target of the same shape or indices (N) or (B, T) -> mean loss
    @Override
    public double forward(INDArray logits, INDArray target) {
        int k = (int) logits.size(logits.rank() - 1), rows = (int) (logits.length() / k);
        double[] z = Kernels.toDoubles(logits), p = new double[z.length];
        double[] t = null;
        labels = null;
        if (indices(logits, target)) labels = labels(target, k);
        else {
            Loss.checkShapes(name(), logits, target);
            t = Kernels.toDoubles(target);
        }
        double loss = 0;
        counted = 0;
        for (int b = 0; b < rows; b++) {
            int row = b * k;
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = row; j < row + k; j++) max = Math.max(max, z[j]);
            for (int j = row; j < row + k; j++) sum += Math.exp(z[j] - max);
            double logSum = Math.log(sum);
            for (int j = row; j < row + k; j++) p[j] = Math.exp(z[j] - max - logSum); // softmax(z)
            if (labels == null) {
                for (int j = row; j < row + k; j++) if (t[j] != 0) loss -= t[j] * (z[j] - max - logSum); // −t·log softmax(z)
                counted++;
            } else if (labels[b] >= 0) {
                loss -= z[row + labels[b]] - max - logSum;                                           // −log softmax(z)_label
                counted++;
            }
        }
        if (counted == 0) throw new IllegalArgumentException(name() + ": every position of the target is ignored (negative): nothing to average");
        probs = Buffers.like(probs, logits);
        Kernels.fromDoubles(p, probs);
        this.target = labels == null ? target.castTo(logits.dataType()) : null;
        return loss / counted;
    }

    // -> dLogits, the logits' shape
    @Override
    public INDArray backward() {
        dLogits = Buffers.like(dLogits, probs);
        if (labels == null) {
            Kernels.add(dLogits, 1.0 / counted, probs, -1.0 / counted, target); // (p − t) / N
            return dLogits;
        }
        int k = (int) probs.size(probs.rank() - 1);
        double[] d = Kernels.toDoubles(probs);
        for (int b = 0; b < labels.length; b++) {
            for (int j = b * k; j < (b + 1) * k; j++) d[j] = labels[b] < 0 ? 0 : d[j] / counted; // p / N; 0 where ignored
            if (labels[b] >= 0) d[b * k + labels[b]] -= 1.0 / counted;                          // − t / N
        }
        Kernels.fromDoubles(d, dLogits);
        return dLogits;
    }

    /** The softmax probabilities of the last forward, the logits' shape. */
    public INDArray probabilities() {
        return probs;
    }

    @Override
    public String name() {
        return "softmax-cross-entropy";
    }

    // indices when the target has the logits' shape without the last axis
    private static boolean indices(INDArray logits, INDArray target) {
        long[] l = logits.shape(), t = target.shape();
        return t.length == l.length - 1 && java.util.Arrays.equals(t, java.util.Arrays.copyOf(l, t.length));
    }

    private int[] labels(INDArray target, int k) {
        double[] v = Kernels.toDoubles(target);
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i]) || v[i] >= k) {
                throw new IllegalArgumentException(name() + ": class index " + v[i] + " at position " + i + " of the target "
                        + Shapes.str(target.shape()) + " is not a whole number below " + k + " (negative: ignored)");
            }
            out[i] = v[i] < 0 ? -1 : (int) v[i];
        }
        return out;
    }
}
