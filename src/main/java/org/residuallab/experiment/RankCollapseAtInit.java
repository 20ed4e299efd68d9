package org.residuallab.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.residuallab.data.Dataset;
import org.residuallab.data.SequenceTasks;
import org.residuallab.lesson.AtInit;
import org.residuallab.nn.Init;
import org.residuallab.nn.Model;
import org.residuallab.nn.Shapes;
import org.residuallab.probe.ProbeSession;
import org.residuallab.probe.Probes;
import org.residuallab.probe.RankCollapse;
import tech.tablesaw.api.Table;

/**
 * Rank collapse against depth at initialisation (Dong et al. 2021): each {@link AttentionStack} is built
 * {@code depth} layers deep and run once, forward and backward, on a batch of sequences with the
 * {@link RankCollapse} probe attached; {@code res_ratio} after layer k is the value at depth k (depth 0:
 * the embedded input). One deep network gives every shallower depth, since layer k sees only what the
 * k layers below it made.
 * <pre>RankCollapseResult r = RankCollapseAtInit.of(AttentionStack.paperSet()).depth(12).run();
 * r.ratio("attention, no skip", 12);   // near 0: the tokens have become one</pre>
 * The batch is {@code batch} sequences of the copy task (random digits, '|', the digits again), T = {@code tokens}.
 */
public final class RankCollapseAtInit {
    private final List<AttentionStack> stacks;
    private int depth = 12, width = 64, heads = 4, tokens = 16, batch = 32;
    private long seed = 1;
    private Init init;

    private RankCollapseAtInit(List<AttentionStack> stacks) {
        if (stacks == null || stacks.isEmpty()) throw new IllegalArgumentException("rank collapse needs at least one attention stack");
        this.stacks = List.copyOf(stacks);
    }

    public static RankCollapseAtInit of(List<AttentionStack> stacks) {
        return new RankCollapseAtInit(stacks);
    }

    public static RankCollapseAtInit of(AttentionStack... stacks) {
        return new RankCollapseAtInit(List.of(stacks));
    }

    /** Layers of each stack (default 12). */
    public RankCollapseAtInit depth(int d) { Shapes.require(d >= 1, "depth", d, ">= 1"); depth = d; return this; }

    /** Model width C (default 64). */
    public RankCollapseAtInit width(int c) { Shapes.require(c >= 1, "width", c, ">= 1"); width = c; return this; }

    /** Attention heads (default 4). */
    public RankCollapseAtInit heads(int h) { Shapes.require(h >= 1, "heads", h, ">= 1"); heads = h; return this; }

    /** Sequence length T, even (default 16). */
    public RankCollapseAtInit tokens(int t) { Shapes.require(t >= 2 && t % 2 == 0, "tokens (sequence length T)", t, "even and >= 2"); tokens = t; return this; }

    /** Sequences in the batch (default 32). */
    public RankCollapseAtInit batch(int b) { Shapes.require(b >= 1, "batch", b, ">= 1"); batch = b; return this; }

    /** Seeds the weights and the batch (default 1). */
    public RankCollapseAtInit seed(long s) { seed = s; return this; }

    /** One initialiser for every weight matrix instead of GPT-2's (e.g. Init.glorotNormal()). */
    public RankCollapseAtInit init(Init i) { init = i; return this; }

    public RankCollapseResult run() {
        Dataset data = SequenceTasks.copy(batch, tokens / 2, seed);
        List<String> labels = new ArrayList<>();
        List<Table> tables = new ArrayList<>();
        for (AttentionStack s : stacks) {
            if (Thread.currentThread().isInterrupted()) break;
            if (labels.contains(s.label())) throw new IllegalArgumentException("stack '" + s.label() + "' is listed twice");
            Model m = s.build(depth, width, heads, data.classes(), tokens, init).seed(seed);
            ProbeSession session = AtInit.probe(m, data, Probes.of(new RankCollapse()));
            labels.add(s.label());
            tables.add(session.table());
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("experiment", "rank-collapse-at-init");
        config.put("depth", depth);
        config.put("d_model", width);
        config.put("heads", heads);
        config.put("tokens", tokens);
        config.put("batch", batch);
        config.put("seed", seed);
        config.put("init", init == null ? "gpt-2" : init.name());
        return RankCollapseResult.of(labels, tables, depth, config);
    }
}
