package org.residuallab.check;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.residuallab.nn.Layer;
import org.residuallab.nn.Param;
import org.residuallab.nn.Shapes;

/** Whether two layers have the same parameters: as many, in the same order, of the same shapes. */
final class ParamLists {
    private ParamLists() {}

    /** null when they match, else a message that lists both. */
    static String mismatch(Layer a, Layer b) {
        List<Param> pa = a.params(), pb = b.params();
        boolean same = pa.size() == pb.size();
        for (int i = 0; same && i < pa.size(); i++) {
            same = Arrays.equals(pa.get(i).shape(), pb.get(i).shape()) && pa.get(i).trainable() == pb.get(i).trainable();
        }
        if (same) return null;
        return a.describe() + " and " + b.describe() + " must have the same parameters (as many, in the same order and shapes), but\n  "
                + a.describe() + " has " + list(pa) + "\n  " + b.describe() + " has " + list(pb);
    }

    static String list(List<Param> ps) {
        if (ps.isEmpty()) return "no parameters";
        return ps.size() + (ps.size() == 1 ? " parameter: " : " parameters: ")
                + ps.stream().map(p -> p.name() + " " + Shapes.str(p.shape())).collect(Collectors.joining(", "));
    }
}
