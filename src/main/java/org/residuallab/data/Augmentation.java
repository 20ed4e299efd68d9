package org.residuallab.data;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.residuallab.nn.fast.Kernels;

/**
 * Changes each training batch at random, seeded: the trainer applies it to every batch it draws
 * ({@code Trainer.augment}). Evaluation sees the data as it is.
 */
@FunctionalInterface
public interface Augmentation {
    /** A changed copy of {@code images} (B, C, H, W). */
    INDArray apply(INDArray images, Random rng);

    /**
     * He et al. 2015's CIFAR augmentation: pad 4 zero pixels on each side, crop a random H×W window, and flip
     * it left to right with probability ½ (each image on its own).
     */
    static Augmentation padCropFlip(int pad) {
        if (pad < 0) throw new IllegalArgumentException("pad must be >= 0 but was " + pad);
        return (images, rng) -> {
            if (images.rank() != 4) throw new IllegalArgumentException("augmentation needs images (B, C, H, W), got rank " + images.rank());
            int B = (int) images.size(0), C = (int) images.size(1), H = (int) images.size(2), W = (int) images.size(3);
            double[] in = Kernels.toDoubles(images), out = new double[in.length];
            for (int b = 0; b < B; b++) {
                int dy = rng.nextInt(2 * pad + 1) - pad, dx = rng.nextInt(2 * pad + 1) - pad; // the window's offset
                boolean flip = rng.nextBoolean();
                for (int c = 0; c < C; c++) {
                    for (int y = 0; y < H; y++) {
                        for (int x = 0; x < W; x++) {
                            int sy = y + dy, sx = (flip ? W - 1 - x : x) + dx;
                            boolean inside = sy >= 0 && sy < H && sx >= 0 && sx < W; // outside: the zero padding
                            out[((b * C + c) * H + y) * W + x] = inside ? in[((b * C + c) * H + sy) * W + sx] : 0;
                        }
                    }
                }
            }
            INDArray result = images.ulike();
            Kernels.fromDoubles(out, result);
            return result;
        };
    }
}
