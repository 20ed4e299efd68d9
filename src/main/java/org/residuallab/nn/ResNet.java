package org.residuallab.nn;

import java.util.List;
import java.util.Locale;

/**
 * Builds the ResNets of He et al. 2015 and their plain twins. The CIFAR family (§4.2): a 3×3 stem conv,
 * three stages of n basic blocks at widths w, 2w, 4w (w = 16 in the paper) on feature maps that halve from
 * stage to stage, global average pooling and a Dense classifier: depth 6n + 2 (8, 14, 20, 32, 44, 56, 110).
 * The ImageNet family (Table 1): 7×7/2 stem, 3×3/2 max pool, four stages of basic (18, 34) or bottleneck
 * (50, 101, 152) blocks at 64..512 channels, global average pooling, Dense to 1000 classes.
 * <pre>Model m = Models.resnet(3).width(8).inputs(1, 28, 28).seed(1).build();       // ResNet-20, base width 8
 * Model p = Models.plainConvNet(3).width(8).inputs(1, 28, 28).seed(1).build();  // its plain twin</pre>
 */
public final class ResNet {
    private final int depth;
    private final BlockKind kind;
    private final boolean imagenet;
    private int width = 16, classes = 10;
    private long[] input = {3, 32, 32};
    private Shortcut shortcut = Shortcut.ZERO_PAD;
    private boolean preActivation;
    private long seed;
    private String name;

    private ResNet(int depth, BlockKind kind, boolean imagenet) {
        this.depth = depth;
        this.kind = kind;
        this.imagenet = imagenet;
    }

    /** The CIFAR family of depth 6n + 2: n basic blocks per stage. */
    public static ResNet cifar(int depth, BlockKind kind) {
        if (depth < 8 || (depth - 2) % 6 != 0) {
            throw new IllegalArgumentException("depth must be 6n + 2 with n >= 1 (8, 14, 20, 32, 44, 56, 110) but was " + depth);
        }
        return new ResNet(depth, kind, false);
    }

    /** The ImageNet family: 18, 34 (basic blocks), 50, 101, 152 (bottlenecks); 224×224 RGB, 1000 classes, option B. */
    public static ResNet imagenet(int depth, BlockKind kind) {
        if (stages(depth) == null) throw new IllegalArgumentException("ImageNet ResNet depth must be 18, 34, 50, 101 or 152 but was " + depth);
        ResNet r = new ResNet(depth, kind, true);
        r.width = 64;
        r.classes = 1000;
        r.input = new long[] {3, 224, 224};
        r.shortcut = Shortcut.PROJECTION;
        return r;
    }

    /** The first stage's channels (CIFAR: 16 in the paper; smaller for notebooks). */
    public ResNet width(int w) { Shapes.require(w >= 1, "width", w, ">= 1"); width = w; return this; }

    /** One input image's shape (C, H, W). */
    public ResNet inputs(long channels, long height, long width) {
        for (long d : new long[] {channels, height, width}) Shapes.require(d >= 1, "input shape " + Shapes.str(channels, height, width), d, ">= 1 on every axis");
        input = new long[] {channels, height, width};
        return this;
    }

    public ResNet classes(int k) { Shapes.require(k >= 2, "classes", k, ">= 2"); classes = k; return this; }

    /** Option A (zero padding, the paper's CIFAR choice) or B (projection) where a stage widens. */
    public ResNet shortcut(Shortcut s) { if (s == null) throw new IllegalArgumentException("shortcut must not be null"); shortcut = s; return this; }

    /** Full pre-activation blocks (He et al. 2016) instead of the original ones (CIFAR family). */
    public ResNet preActivation(boolean on) { preActivation = on; return this; }

    public ResNet seed(long s) { seed = s; return this; }

    public ResNet name(String n) { name = n; return this; }

    /** Builds the model; one that would not fit in memory is refused first ({@link MemoryGuard}). */
    public Model build() {
        return MemoryGuard.checkedBuild(this::assemble, m -> "Make width (" + width + ") or depth (" + depth + ") smaller");
    }

    private Model assemble() {
        Sequential net = new Sequential();
        int c = width;
        if (imagenet) {
            net.add(new Conv2d((int) input[0], c, 7, 2, 3, false)).add(new BatchNorm2d(c)).add(new ReLU()).add(new MaxPool2d(3, 2, 1));
            int[] blocks = stages(depth);
            boolean bottleneck = depth >= 50;
            int in = c;
            for (int s = 0; s < 4; s++) {
                int mid = width << s;
                for (int i = 0; i < blocks[s]; i++) {
                    int stride = i == 0 && s > 0 ? 2 : 1;
                    Block b = bottleneck ? ConvBlocks.bottleneck(kind, in, mid, stride, shortcut) : ConvBlocks.basic(kind, in, mid, stride, shortcut);
                    net.add(b);
                    in = bottleneck ? 4 * mid : mid;
                }
            }
            c = in;
        } else {
            int n = (depth - 2) / 6;
            net.add(ConvBlocks.conv((int) input[0], c, 3, 1)).add(new BatchNorm2d(c)).add(new ReLU());
            for (int s = 0; s < 3; s++) {
                int out = width << s;
                for (int i = 0; i < n; i++) {
                    int stride = i == 0 && s > 0 ? 2 : 1;
                    net.add(preActivation ? ConvBlocks.preActivation(kind, c, out, stride, shortcut) : ConvBlocks.basic(kind, c, out, stride, shortcut));
                    c = out;
                }
            }
            if (preActivation) net.add(new BatchNorm2d(c)).add(new ReLU());
        }
        net.add(Sequential.named("head", new GlobalAvgPool(), new Dense(c, classes)));
        String n = name != null ? name : (kind == BlockKind.RESIDUAL ? "resnet" : "plain") + depth;
        Model m = Model.of(n, net).inputShape(input).seed(seed);
        m.config().put("block", kind.label());
        m.config().put("depth", depth);
        m.config().put("width", width);
        m.config().put("shortcut", shortcut.name().toLowerCase(Locale.ROOT));
        m.config().put("pre_activation", preActivation);
        m.config().put("seed", seed);
        return m;
    }

    // blocks per stage of the ImageNet family (He et al. 2015, Table 1)
    private static int[] stages(int depth) {
        return switch (depth) {
            case 18 -> new int[] {2, 2, 2, 2};
            case 34, 50 -> new int[] {3, 4, 6, 3};
            case 101 -> new int[] {3, 4, 23, 3};
            case 152 -> new int[] {3, 8, 36, 3};
            default -> null;
        };
    }

    /** The depths of the two families. */
    public static final List<Integer> CIFAR_DEPTHS = List.of(8, 14, 20, 32, 44, 56, 110), IMAGENET_DEPTHS = List.of(18, 34, 50, 101, 152);
}
