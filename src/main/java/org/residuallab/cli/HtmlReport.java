package org.residuallab.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The index.html of an output folder: title, the configuration, a table of key numbers per model,
 * the charts (PNG, linked to their SVG) and links to the CSV tables and summary.json.
 */
final class HtmlReport {
    private final String title;
    private final Map<String, Object> config = new LinkedHashMap<>();
    private final List<String> columns = new ArrayList<>();
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private final List<String[]> charts = new ArrayList<>();   // {png, caption}
    private final List<String> files = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    HtmlReport(String title) {
        this.title = title;
    }

    HtmlReport config(Map<String, Object> c) {
        config.putAll(c);
        return this;
    }

    /** A row of the key-numbers table; columns appear in order of first use. */
    HtmlReport row(Map<String, Object> values) {
        values.keySet().forEach(k -> {
            if (!columns.contains(k)) columns.add(k);
        });
        rows.add(values);
        return this;
    }

    HtmlReport chart(String png, String caption) {
        charts.add(new String[] {png, caption});
        return this;
    }

    HtmlReport file(String name) {
        files.add(name);
        return this;
    }

    HtmlReport note(String text) {
        notes.add(text);
        return this;
    }

    String html() {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(esc(title)).append("</title>\n")
            .append("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
                + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
                + "th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}figure{margin:1.5em 0}"
                + "img{max-width:100%;border:1px solid #eee}figcaption{color:#555}.note{color:#8a4b00}</style>\n</head>\n<body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n");
        for (String n : notes) h.append("<p class=\"note\">").append(esc(n)).append("</p>\n");
        if (!rows.isEmpty()) {
            h.append("<h2>Key numbers</h2>\n<table>\n<tr>");
            for (String c : columns) h.append("<th>").append(esc(c)).append("</th>");
            h.append("</tr>\n");
            for (Map<String, Object> r : rows) {
                h.append("<tr>");
                for (String c : columns) h.append("<td>").append(esc(format(r.get(c)))).append("</td>");
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }
        for (String[] c : charts) {
            String svg = c[0].replaceAll("\\.png$", ".svg");
            h.append("<figure><a href=\"").append(esc(svg)).append("\"><img src=\"").append(esc(c[0])).append("\" alt=\"").append(esc(c[1]))
                .append("\"></a><figcaption>").append(esc(c[1])).append("</figcaption></figure>\n");
        }
        h.append("<h2>Configuration</h2>\n<table>\n");
        config.forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(format(v))).append("</td></tr>\n"));
        h.append("</table>\n<h2>Files</h2>\n<ul>\n");
        for (String f : files) h.append("<li><a href=\"").append(esc(f)).append("\">").append(esc(f)).append("</a></li>\n");
        h.append("</ul>\n</body>\n</html>\n");
        return h.toString();
    }

    static String format(Object v) {
        if (v == null) return "–";
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) return "–";
            if (d != 0 && (Math.abs(d) < 1e-3 || Math.abs(d) >= 1e5)) return String.format(Locale.ROOT, "%.3e", d);
            return String.format(Locale.ROOT, "%.4f", d);
        }
        return String.valueOf(v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
