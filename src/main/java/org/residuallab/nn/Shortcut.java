package org.residuallab.nn;

/**
 * How a residual block's shortcut matches a branch that changes the shape (He et al. 2015, §3.3):
 * option A keeps the identity, subsampled, with zero channels added ({@link PadShortcut}, no parameters);
 * option B projects with a 1×1 convolution and BatchNorm.
 */
public enum Shortcut {
    /** Option A: identity, subsampled by the stride, zero-padded channels. */
    ZERO_PAD,
    /** Option B: 1×1 convolution with the block's stride, then BatchNorm. */
    PROJECTION
}
