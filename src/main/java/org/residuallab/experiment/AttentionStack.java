package org.residuallab.experiment;

import java.util.ArrayList;
import java.util.List;
import org.residuallab.nn.Block;
import org.residuallab.nn.CausalSelfAttention;
import org.residuallab.nn.Dense;
import org.residuallab.nn.Embedding;
import org.residuallab.nn.GELU;
import org.residuallab.nn.Identity;
import org.residuallab.nn.Init;
import org.residuallab.nn.Layer;
import org.residuallab.nn.LayerNorm;
import org.residuallab.nn.Model;
import org.residuallab.nn.PlainBlock;
import org.residuallab.nn.PositionalEmbedding;
import org.residuallab.nn.ResidualBlock;
import org.residuallab.nn.Sequential;
import org.residuallab.nn.Shapes;
import org.residuallab.nn.TiedHead;

/**
 * One of the self-attention networks Dong et al. (2021) compare: L layers of causal self-attention, each
 * optionally followed by an MLP, optionally with a LayerNorm in front of each branch (pre-LN, as GPT-2), all
 * with or without the skip connection. Between a token embedding with learned positions and a tied head:
 * <pre>
 * attention           x = Attn(x)                      skip: x = x + Attn(x)
 * attention + MLP     x = MLP(Attn(x))                 skip: x = x + Attn(x); x = x + MLP(x)
 * attention + LN      x = Attn(LN(x))                  skip: x = x + Attn(LN(x))
 * </pre>
 * Weights are GPT-2's N(0, 0.02²), the branches' last projection N(0, (0.02/√(2L))²), unless
 * {@link #build(int, int, int, int, int, Init)} is given another initialiser for all of them.
 * <pre>Model m = AttentionStack.of(false, false, true).build(12, 64, 4, 11, 16);   // 12 attention layers with skips</pre>
 *
 * @param mlp       an MLP sub-block after each attention
 * @param layerNorm a LayerNorm at the start of each branch
 * @param skip      the skip connections (x + F(x)); false: the plain twin F(x)
 */
public record AttentionStack(boolean mlp, boolean layerNorm, boolean skip) {

    public static AttentionStack of(boolean mlp, boolean layerNorm, boolean skip) {
        return new AttentionStack(mlp, layerNorm, skip);
    }

    /** The three pure-attention networks of the paper and their skip twins: attention, attention + MLP, attention + LN. */
    public static List<AttentionStack> paperSet() {
        List<AttentionStack> out = new ArrayList<>();
        for (boolean skip : new boolean[] {false, true}) {
            out.add(of(false, false, skip));
            out.add(of(true, false, skip));
            out.add(of(false, true, skip));
        }
        return out;
    }

    /** "attention", "attention + MLP", "attention + LN + MLP", each with ", skip" or ", no skip". */
    public String label() {
        return "attention" + (layerNorm ? " + LN" : "") + (mlp ? " + MLP" : "") + (skip ? ", skip" : ", no skip");
    }

    /** The stack with GPT-2's initialisation; input token ids (B, T) with T ≤ context, output logits (B, T, vocab). */
    public Model build(int depth, int width, int heads, int vocab, int context) {
        return build(depth, width, heads, vocab, context, null);
    }

    /** The stack with {@code init} for every weight matrix (null: GPT-2's). */
    public Model build(int depth, int width, int heads, int vocab, int context, Init init) {
        Shapes.require(depth >= 1, "depth (attention layers)", depth, ">= 1");
        Init first = init != null ? init : Init.normal(0.02), last = init != null ? init : Init.normal(0.02 / Math.sqrt(2.0 * depth));
        Embedding tokens = new Embedding(vocab, width);
        Sequential net = Sequential.of(tokens, new PositionalEmbedding(context, width));
        for (int i = 0; i < depth; i++) {
            Block attention = branch(width, new CausalSelfAttention(width, heads, first, last));
            net.add(mlp ? new Layer2(attention, branch(width, new Dense(width, 4 * width, first), new GELU(), new Dense(4 * width, width, last)))
                    : attention);
        }
        net.add(new TiedHead(tokens));
        Model m = Model.of(label().replace(" + ", "+").replace(", ", "-").replace(' ', '-').toLowerCase(java.util.Locale.ROOT), net)
                .inputShape(context).seed(0);
        m.config().put("experiment", "attention-stack");
        m.config().put("depth", depth);
        m.config().put("d_model", width);
        m.config().put("heads", heads);
        m.config().put("mlp", mlp);
        m.config().put("layer_norm", layerNorm);
        m.config().put("skip", skip);
        return m;
    }

    // x + F(x) or F(x), with F = [LN →] layers
    private Block branch(int width, Layer... layers) {
        Sequential body = new Sequential();
        if (layerNorm) body.add(new LayerNorm(width));
        for (Layer l : layers) body.add(l);
        return skip ? new ResidualBlock(body, new Identity()) : new PlainBlock(body);
    }

    /** An attention sub-block then an MLP sub-block, as one layer named block1, block2, ... */
    static final class Layer2 extends Sequential {
        Layer2(Block attention, Block mlp) {
            super("block");
            add(attention);
            add(mlp);
            attention.place(path(), "attn", 0);
            mlp.place(path(), "mlp", 1);
        }

        @Override
        public String kind() {
            return "AttentionMlp";
        }
    }
}
