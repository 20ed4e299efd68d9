package org.residuallab.nn;

import java.util.Locale;

/**
 * A transformer decoder block: an attention sub-block then an MLP sub-block, each a {@link ResidualBlock}
 * (body F + identity shortcut) or, for the no-skip twin, a {@link PlainBlock} with the same F.
 * The {@link Variant} says where the skip and the LayerNorm go:
 * <pre>
 * PRE_LN   x = x + Attn(LN(x));  x = x + MLP(LN(x))     GPT-2; Xiong et al. 2020
 * POST_LN  x = LN(x + Attn(x));  x = LN(x + MLP(x))     Vaswani et al. 2017
 * NO_SKIP  x = Attn(LN(x));      x = MLP(LN(x))         pre-LN without the skips
 * REZERO   x = x + α·Attn(x);    x = x + α·MLP(x)       Bachlechner et al. 2020: α learnable from 0, no LN
 * </pre>
 * MLP(x) = Dense(C, 4C) → GELU → Dense(4C, C). Input and output (B, T, C).
 * <pre>TransformerBlock b = TransformerBlock.of(Variant.PRE_LN, 128, 4);</pre>
 */
public final class TransformerBlock extends Sequential {
    /** Where the skip connections and the LayerNorms go. */
    public enum Variant {
        PRE_LN, POST_LN, NO_SKIP, REZERO;

        /** Whether the stack ends with a LayerNorm: pre-LN (GPT-2's ln_f) and its no-skip twin do. */
        public boolean finalNorm() {
            return this == PRE_LN || this == NO_SKIP;
        }

        /** "pre-ln", "post-ln", "no-skip", "rezero". */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Parses a label ("pre-ln", "post_ln", ...). */
        public static Variant parse(String s) {
            String n = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (Variant v : values()) if (v.name().equals(n)) return v;
            throw new IllegalArgumentException("unknown transformer variant '" + s + "': expected pre-ln, post-ln, no-skip or rezero");
        }
    }

    private final Variant variant;

    private TransformerBlock(Variant variant, Block attn, Block mlp) {
        super("block");
        this.variant = variant;
        add(attn);
        add(mlp);
        attn.place(path(), "attn", 0);
        mlp.place(path(), "mlp", 1);
    }

    /** A block of width C with {@code heads} heads, weights N(0, 0.02²) as GPT-2, no dropout. */
    public static TransformerBlock of(Variant variant, int width, int heads) {
        return of(variant, width, heads, Init.normal(0.02), Init.normal(0.02), 0);
    }

    /**
     * A block of width C: {@code init} for the first Dense of each branch, {@code projInit} for the last
     * (GPT-2: N(0, 0.02²) and N(0, (0.02/√(2·layers))²)); dropout p after each branch when p > 0.
     */
    public static TransformerBlock of(Variant variant, int width, int heads, Init init, Init projInit, double dropout) {
        Layer attention = new CausalSelfAttention(width, heads, init, projInit);
        Layer[] mlp = {new Dense(width, 4 * width, init), new GELU(), new Dense(4 * width, width, projInit)};
        return new TransformerBlock(variant, subBlock(variant, width, dropout, attention), subBlock(variant, width, dropout, mlp));
    }

    /** One sub-block with branch F = the layers: where the lesson's residual connection is. */
    static Block subBlock(Variant variant, int width, double dropout, Layer... f) {
        Sequential body = new Sequential();
        if (variant == Variant.PRE_LN || variant == Variant.NO_SKIP) body.add(new LayerNorm(width));
        for (Layer l : f) body.add(l);
        if (dropout > 0) body.add(new Dropout(dropout));
        switch (variant) {
            case PRE_LN: return new ResidualBlock(body, new Identity());                                // x + F(LN(x))
            case POST_LN: return new ResidualBlock(body, new Identity()).post(new LayerNorm(width));    // LN(x + F(x))
            case NO_SKIP: return new PlainBlock(body);                                                  // F(LN(x))
            case REZERO: return new ResidualBlock(body, new Identity()).learnableBranchScale(0);        // x + α·F(x), α = 0 at first
            default: throw new IllegalStateException("variant " + variant);
        }
    }

    public Variant variant() {
        return variant;
    }

    /** The attention sub-block. */
    public Block attention() {
        return (Block) get(0);
    }

    /** The MLP sub-block. */
    public Block mlp() {
        return (Block) get(1);
    }

    @Override
    public String kind() {
        return "TransformerBlock";
    }
}
