package org.residuallab.experiment;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.residuallab.nn.Init;
import org.residuallab.probe.RankCollapse;
import tech.tablesaw.api.Table;

/** Rank collapse against depth at initialisation (Dong et al. 2021), on small stacks. */
class RankCollapseAtInitTest {
    private static final RankCollapseResult R = RankCollapseAtInit.of(AttentionStack.paperSet())
            .depth(6).width(16).heads(2).tokens(8).batch(8).init(Init.glorotNormal()).run();

    @Test
    void everyStackStartsFromTheSameEmbeddedInput() {
        double start = R.ratio("attention, no skip", 0);
        for (String s : R.stacks()) assertEquals(start, R.ratio(s, 0), 1e-12, s);
        assertTrue(start > 0.5 && start <= 1, "random tokens differ: " + start);
    }

    @Test
    void withoutSkipsTheTokensCollapseAndWithSkipsTheyKeepTheirDifferences() {
        for (String kind : new String[] {"attention", "attention + MLP", "attention + LN"}) {
            double plain = R.ratio(kind + ", no skip", 6), skip = R.ratio(kind + ", skip", 6);
            assertTrue(plain < 0.1 && plain < 0.5 * skip, kind + ": no skip " + plain + " vs skip " + skip);
            assertTrue(R.ratio(kind + ", no skip", 6) < R.ratio(kind + ", no skip", 3), kind + " falls with depth");
        }
    }

    @Test
    void tableHasOneRowPerStackAndDepth() {
        Table t = R.table();
        assertEquals(6 * 7, t.rowCount());
        assertEquals(R.ratio("attention + LN, skip", 4), t.where(t.stringColumn("stack").isEqualTo("attention + LN, skip")
                .and(t.intColumn("depth").isEqualTo(4))).doubleColumn(RankCollapse.RES_RATIO).getDouble(0), 0.0);
        assertEquals(3, R.ratios("attention, skip").length - 4);
        assertNotNull(R.chart());
        assertEquals(4, R.summary().columnCount());
    }

    @Test
    void unknownStacksAndDepthsAreNamedErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> R.ratio("attention", 2));
        assertTrue(e.getMessage().contains("attention, no skip"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> R.ratio("attention, skip", 7));
        assertTrue(e.getMessage().contains("[0, 6]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RankCollapseAtInit.of(AttentionStack.of(false, false, true), AttentionStack.of(false, false, true)).depth(1).width(8).heads(2).run());
        assertThrows(IllegalArgumentException.class, () -> RankCollapseAtInit.of().run());
        assertThrows(IllegalArgumentException.class, () -> RankCollapseAtInit.of(AttentionStack.paperSet()).tokens(7));
    }
}
