package org.residuallab.check;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The finite-difference check of one item (a layer, block, loss or model): one {@link GradResult} per
 * gradient it computes. {@code toString()} prints one line per gradient.
 * <pre>GradReport r = GradCheck.layer(new Sigmoid()).run();
 * System.out.println(r);          // Sigmoid  dX (6, 5)  max rel err 3.1e-12  ok ...
 * assert r.passed();</pre>
 */
public record GradReport(String item, List<GradResult> results) {

    public GradReport {
        results = List.copyOf(results);
    }

    /** True when every gradient passed. */
    public boolean passed() {
        return !results.isEmpty() && results.stream().allMatch(GradResult::passed);
    }

    /** The largest relative error over all gradients of this item. */
    public double maxRelError() {
        return results.stream().mapToDouble(GradResult::maxRelError).max().orElse(Double.NaN);
    }

    /** The gradient with the largest relative error. */
    public GradResult worst() {
        GradResult w = null;
        for (GradResult r : results) if (w == null || !(r.maxRelError() <= w.maxRelError())) w = r;
        return w;
    }

    /** The result for one quantity ("dX" or a parameter path), or an error naming the ones there are. */
    public GradResult get(String quantity) {
        return results.stream().filter(r -> r.quantity().equals(quantity)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(item + " has no gradient '" + quantity + "'; it has "
                        + results.stream().map(GradResult::quantity).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return results.stream().map(GradResult::toString).collect(Collectors.joining("\n"));
    }
}
