package org.residuallab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Softmax and cross-entropy fused: L = −mean_b Σ_k t_bk · log softmax(z)_bk, computed stably by
 * subtracting each row's max; dZ = (softmax(z) − t) / B. Targets are one-hot (or any distribution).
 */
public final class SoftmaxCrossEntropy implements Loss {
    private INDArray probs, target; // saved for backward

    // logits (B, K), target (B, K) -> mean loss
    @Override
    public double forward(INDArray logits, INDArray target) {
        Loss.checkShapes(name(), logits, target);
        INDArray shifted = logits.subColumnVector(logits.max(true, 1));
        INDArray logSumExp = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
        INDArray logProbs = shifted.subiColumnVector(logSumExp);
        this.probs = Transforms.exp(logProbs, true);
        this.target = target.castTo(logits.dataType());
        return -logProbs.muli(this.target).sumNumber().doubleValue() / logits.rows();
    }

    // -> dLogits (B, K)
    @Override
    public INDArray backward() {
        return probs.sub(target).divi(probs.rows());
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
