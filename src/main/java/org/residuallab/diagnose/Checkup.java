package org.residuallab.diagnose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What {@link RulesOfThumb#check} found for one model: every finding, and a printout with one line per
 * rule (✔ all ok, ✘ how many layers failed, the worst one and the advice).
 * <pre>Checkup c = RulesOfThumb.check(result, probes.table());
 * System.out.println(c);            // ✘ update_ratio  7 of 12 low, 1 high ...
 * c.count("update_ratio", "low")    // 7</pre>
 */
public record Checkup(String model, List<Finding> findings) {

    public Checkup {
        findings = List.copyOf(findings);
    }

    /** The findings whose verdict is not ok. */
    public List<Finding> problems() {
        return findings.stream().filter(f -> !f.ok()).toList();
    }

    /** True when every rule that could be applied says ok. */
    public boolean healthy() {
        return problems().isEmpty();
    }

    /** How many findings of {@code rule} have {@code verdict} (ok, low or high). */
    public long count(String rule, String verdict) {
        return findings.stream().filter(f -> f.rule().equals(rule) && f.verdict().equals(verdict)).count();
    }

    /** The largest value among the findings of {@code rule} (NaN when the rule gave none). */
    public double max(String rule) {
        return findings.stream().filter(f -> f.rule().equals(rule)).mapToDouble(Finding::value).max().orElse(Double.NaN);
    }

    /** The smallest value among the findings of {@code rule} (NaN when the rule gave none). */
    public double min(String rule) {
        return findings.stream().filter(f -> f.rule().equals(rule)).mapToDouble(Finding::value).min().orElse(Double.NaN);
    }

    /** The findings as a tidy table: model, rule, layer, value, verdict, source, advice. */
    public Table table() {
        StringColumn m = StringColumn.create("model"), r = StringColumn.create("rule"), l = StringColumn.create("layer"),
                v = StringColumn.create("verdict"), s = StringColumn.create("source"), a = StringColumn.create("advice");
        DoubleColumn value = DoubleColumn.create("value");
        for (Finding f : findings) {
            m.append(f.model());
            r.append(f.rule());
            l.append(f.layer());
            value.append(f.value());
            v.append(f.verdict());
            s.append(f.source());
            a.append(f.advice());
        }
        return Table.create("checkup " + model, m, r, l, value, v, s, a);
    }

    @Override
    public String toString() {
        Map<String, List<Finding>> byRule = new LinkedHashMap<>();
        for (Finding f : findings) byRule.computeIfAbsent(f.rule(), k -> new ArrayList<>()).add(f);
        StringBuilder out = new StringBuilder(model + ": " + (healthy() ? "every rule of thumb is met" : problems().size() + " finding(s) outside the rules of thumb"));
        for (Map.Entry<String, List<Finding>> e : byRule.entrySet()) {
            List<Finding> all = e.getValue();
            List<Finding> bad = all.stream().filter(f -> !f.ok()).toList();
            long low = bad.stream().filter(f -> f.verdict().equals(Finding.LOW)).count(), high = bad.size() - low;
            out.append(String.format(Locale.ROOT, "%n  %s %-16s", bad.isEmpty() ? "✔" : "✘", e.getKey()));
            String scope = all.size() == 1 ? "" : " of " + all.size();
            if (bad.isEmpty()) {
                out.append(all.size() == 1 ? "ok (" + fmt(all.get(0).value()) + ")" : "all " + all.size() + " ok");
            } else {
                Finding worst = bad.get(0);
                out.append(low > 0 ? low + scope + " low" : "").append(low > 0 && high > 0 ? ", " : "").append(high > 0 ? high + scope + " high" : "");
                out.append(" — e.g. ").append(worst.layer().isEmpty() ? "" : worst.layer() + " ").append(fmt(worst.value()))
                   .append(": ").append(worst.advice());
            }
            out.append(" [").append(all.get(0).source()).append("]");
        }
        return out.toString();
    }

    private static String fmt(double v) {
        return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? String.format(Locale.ROOT, "%.3g", v) : String.format(Locale.ROOT, "%.2e", v);
    }
}
