package org.residuallab.nn;

/**
 * The convolutional blocks of the ResNet papers, each as a residual block or its plain twin (the same
 * body without the skip). Images are (B, C, H, W); a block with stride 2 halves H and W.
 * <pre>ConvBlocks.basic(BlockKind.RESIDUAL, 16, 32, 2, Shortcut.ZERO_PAD)   // CIFAR stage 2's first block</pre>
 */
public final class ConvBlocks {
    private ConvBlocks() {}

    /**
     * He et al. 2015's basic block: 3×3 conv → BN → ReLU → 3×3 conv → BN, add, ReLU (ResNet-18/34 and the
     * CIFAR nets). The first convolution carries the stride.
     */
    public static Block basic(BlockKind kind, int in, int out, int stride, Shortcut shortcut) {
        Sequential body = Sequential.of(
                conv(in, out, 3, stride), new BatchNorm2d(out), new ReLU(),
                conv(out, out, 3, 1), new BatchNorm2d(out));
        return twin(kind, body, in, out, stride, shortcut).setPost(new ReLU());
    }

    /**
     * The bottleneck block of ResNet-50/101/152: 1×1 conv (in → mid) → BN → ReLU → 3×3 conv (mid → mid,
     * the stride, as torchvision places it) → BN → ReLU → 1×1 conv (mid → 4·mid) → BN, add, ReLU.
     */
    public static Block bottleneck(BlockKind kind, int in, int mid, int stride, Shortcut shortcut) {
        int out = 4 * mid;
        Sequential body = Sequential.of(
                conv(in, mid, 1, 1), new BatchNorm2d(mid), new ReLU(),
                conv(mid, mid, 3, stride), new BatchNorm2d(mid), new ReLU(),
                conv(mid, out, 1, 1), new BatchNorm2d(out));
        return twin(kind, body, in, out, stride, shortcut).setPost(new ReLU());
    }

    /** He et al. 2016's full pre-activation block: BN → ReLU → 3×3 conv → BN → ReLU → 3×3 conv, add; nothing after. */
    public static Block preActivation(BlockKind kind, int in, int out, int stride, Shortcut shortcut) {
        Sequential body = Sequential.of(
                new BatchNorm2d(in), new ReLU(), conv(in, out, 3, stride),
                new BatchNorm2d(out), new ReLU(), conv(out, out, 3, 1));
        return twin(kind, body, in, out, stride, shortcut);
    }

    /** The shortcut of a block from {@code in} to {@code out} channels: the identity when the shape stays, else option A or B. */
    public static Layer shortcut(int in, int out, int stride, Shortcut option) {
        if (in == out && stride == 1) return new Identity();
        if (option == Shortcut.ZERO_PAD) return new PadShortcut(in, out, stride);
        return Sequential.of(conv(in, out, 1, stride), new BatchNorm2d(out));
    }

    /** A k×k convolution without bias (BatchNorm follows), padding k/2. */
    static Conv2d conv(int in, int out, int k, int stride) {
        return new Conv2d(in, out, k, stride, k / 2, false);
    }

    // the residual block with its shortcut, or the plain twin: the same body, no skip
    private static Block twin(BlockKind kind, Sequential body, int in, int out, int stride, Shortcut option) {
        if (kind == BlockKind.PLAIN) return new PlainBlock(body);
        if (option == null) throw new IllegalArgumentException("shortcut option must not be null (Shortcut.ZERO_PAD or PROJECTION)");
        return new ResidualBlock(body, shortcut(in, out, stride, option));
    }
}
