package org.residuallab.notebook;

import java.util.Locale;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw table as a compact HTML table: the first rows, numbers right-aligned with four
 * significant digits, and a caption with the table's name and full size.
 * <pre>String html = TableHtml.of(table, 10);</pre>
 */
public final class TableHtml {
    /** How many rows a table shows in a notebook unless told otherwise. */
    public static final int DEFAULT_ROWS = 10;

    private TableHtml() {}

    public static String of(Table table) {
        return of(table, DEFAULT_ROWS);
    }

    /** The first {@code maxRows} rows of {@code table} as HTML, with a caption "name · R rows × C columns". */
    public static String of(Table table, int maxRows) {
        if (table == null) throw new IllegalArgumentException("table must not be null");
        if (maxRows < 0) throw new IllegalArgumentException("maxRows must be >= 0 but was " + maxRows);
        int shown = Math.min(maxRows, table.rowCount());
        StringBuilder h = new StringBuilder("<table class=\"rl-table\">\n<caption style=\"caption-side:bottom;text-align:left\">");
        h.append(caption(table, shown)).append("</caption>\n<thead><tr>");
        for (Column<?> c : table.columns()) {
            h.append(numeric(c) ? "<th style=\"text-align:right\">" : "<th style=\"text-align:left\">").append(escape(c.name())).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < shown; r++) {
            h.append("<tr>");
            for (Column<?> c : table.columns()) {
                boolean num = numeric(c);
                h.append(num ? "<td style=\"text-align:right\">" : "<td style=\"text-align:left\">")
                        .append(escape(num ? number((NumericColumn<?>) c, r) : c.getString(r))).append("</td>");
            }
            h.append("</tr>\n");
        }
        return h.append("</tbody>\n</table>").toString();
    }

    private static String caption(Table t, int shown) {
        String name = t.name() == null || t.name().isBlank() ? "" : escape(t.name()) + " · ";
        String size = t.rowCount() + (t.rowCount() == 1 ? " row" : " rows") + " × " + t.columnCount()
                + (t.columnCount() == 1 ? " column" : " columns");
        return name + size + (shown < t.rowCount() ? " (first " + shown + " shown)" : "");
    }

    private static boolean numeric(Column<?> c) {
        return c instanceof NumericColumn;
    }

    private static String number(NumericColumn<?> c, int row) {
        if (c.isMissing(row)) return "";
        double v = c.getDouble(row);
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : format(v);
    }

    /** Four significant digits: 0.1235, 1235, 1.235e-05; NaN and infinities spelled out. */
    public static String format(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e6)) return String.format(Locale.ROOT, "%.3e", v);
        String s = new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    /** Escapes the five characters that matter in HTML text and attributes. */
    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '&': b.append("&amp;"); break;
                case '"': b.append("&quot;"); break;
                case '\'': b.append("&#39;"); break;
                default: b.append(ch);
            }
        }
        return b.toString();
    }
}
