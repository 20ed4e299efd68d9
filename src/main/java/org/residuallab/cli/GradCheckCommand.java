package org.residuallab.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.residuallab.check.GradCheck;
import org.residuallab.check.GradCheckSuite;
import org.residuallab.check.GradReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code residual-lab gradcheck}: float64 finite-difference checks of every layer, block variant, loss and model. */
@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = {"Check every hand-written backward pass against finite differences in float64.",
                "Prints one line per item with its max relative error; exits 1 if any exceeds 1e-6."})
public final class GradCheckCommand implements Callable<Integer> {
    private final Supplier<List<GradCheckSuite.Item>> suite;

    @Spec
    CommandSpec spec;

    @Option(names = "--only", description = "Run only the items whose name contains this text (case-insensitive).")
    String only;

    @Option(names = "--group", description = "Run only one group: layer, block, loss or model.")
    String group;

    @Option(names = {"-v", "--verbose"}, description = "Also print one line per gradient of each item.")
    boolean verbose;

    public GradCheckCommand() {
        this(GradCheckSuite::all);
    }

    /** Runs the given checks instead of the whole suite (for tests). */
    GradCheckCommand(Supplier<List<GradCheckSuite.Item>> suite) {
        this.suite = suite;
    }

    @Override
    public Integer call() {
        List<GradCheckSuite.Item> items = suite.get().stream()
                .filter(i -> group == null || i.group().equalsIgnoreCase(group.trim()))
                .filter(i -> only == null || i.name().toLowerCase(Locale.ROOT).contains(only.toLowerCase(Locale.ROOT)))
                .collect(Collectors.toList());
        if (items.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no check matches" + (group != null ? " --group " + group : "")
                    + (only != null ? " --only '" + only + "'" : "") + "; groups are layer, block, loss, model");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%-4s  %-10s %-6s %s%n", "", "max rel err", "group", "item (float64, fourth-order central differences)");
        int failed = 0;
        double worst = 0;
        for (GradCheckSuite.Item item : items) {
            GradReport r = item.run();
            boolean ok = r.passed();
            if (!ok) failed++;
            worst = Math.max(worst, r.maxRelError());
            out.printf(Locale.ROOT, "%-4s  %10.2e  %-6s %s%n", ok ? "ok" : "FAIL", r.maxRelError(), item.group(), item.name());
            if (verbose || !ok) r.results().forEach(g -> out.println("        " + g));
            out.flush();
        }
        out.printf(Locale.ROOT, "%d checks, %d passed, %d failed; largest relative error %.2e (tolerance %.0e)%n",
                items.size(), items.size() - failed, failed, worst, GradCheck.TOLERANCE);
        return failed == 0 ? 0 : 1;
    }

}
