package org.residuallab.exercise;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.residuallab.data.Dataset;
import org.residuallab.lesson.AtInit;
import org.residuallab.lesson.InitGrid;
import org.residuallab.lesson.InitGridResult;
import org.residuallab.nn.Init;

/**
 * Exercise: choose an initialisation that keeps a deep tanh net's gradients level:
 * a plain tanh MLP of {@value #DEPTH} blocks, width {@value #WIDTH}, on 256 digits, one pass at
 * initialisation. Level means that from the last hidden block to the first, both the back-propagated
 * gradient ‖dL/dh‖ and the weight gradient ‖dL/dW‖ change by less than a factor {@value #FACTOR}.
 * The verdict reports the measured ratios and their direction, never a value to use.
 * <pre>InitExercise.check(Init.normal(0.05))</pre>
 */
public final class InitExercise {
    public static final int DEPTH = 30, WIDTH = 64;
    public static final double FACTOR = 2;
    static final String NAME = "gradients level through " + DEPTH + " tanh blocks (within " + (int) FACTOR + "×)";

    private InitExercise() {}

    public static Verdict check(Init init) {
        return check(init, AtInit.digitsBatch(256, 1));
    }

    static Verdict check(Init init, Dataset batch) {
        if (init == null) return Verdict.notYet(NAME, "the init is null: pass one, e.g. Init.normal(std)");
        InitGridResult g = InitGrid.on(batch).activations("tanh").inits(init).depths(DEPTH).width(WIDTH).run();
        double back = g.value("tanh", init.name(), DEPTH, InitGridResult.OUT_GRAD_RATIO);
        double weight = g.value("tanh", init.name(), DEPTH, InitGridResult.WEIGHT_GRAD_RATIO);
        List<String> notes = new ArrayList<>();
        notes.add(note("back-propagated gradient ‖dL/dh‖", back));
        notes.add(note("weight gradient ‖dL/dW‖", weight));
        return new Verdict(NAME + ", init " + init.name(), level(back) && level(weight), notes, List.of());
    }

    static boolean level(double ratio) {
        return ratio >= 1 / FACTOR && ratio <= FACTOR;
    }

    private static String note(String what, double ratio) {
        if (!Double.isFinite(ratio) || ratio == 0) return String.format(Locale.ROOT, "%s: block 1 ÷ block %d = %s, not a usable ratio", what, DEPTH, ratio);
        String verdict = level(ratio) ? "level" : ratio < 1 ? "shrinks toward the input (vanishes)" : "grows toward the input (explodes)";
        return String.format(Locale.ROOT, "%s at block 1 is %.3g× its size at block %d: %s", what, ratio, DEPTH, verdict);
    }
}
