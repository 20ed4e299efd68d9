package org.residuallab.data;

import java.util.ArrayList;
import java.util.List;

/** Splitting a CSV line into cells and reading a cell as a number, with errors naming file and line. */
final class CsvCells {
    private CsvCells() {}

    /** Splits on {@code sep}; a cell in double quotes may hold the separator and "" for a quote. Cells are trimmed. */
    static String[] split(String line, char sep, String source, int lineNo) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') { cell.append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.append(c);
            } else if (c == '"') {
                quoted = true;
            } else if (c == sep) {
                cells.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) throw new CsvFormatException(source, lineNo, "a quote opened in column " + (cells.size() + 1) + " is never closed");
        cells.add(cell.toString().trim());
        return cells.toArray(new String[0]);
    }

    /** True when no cell parses as a number: such a first line is a header. */
    static boolean noNumbers(String[] cells) {
        for (String c : cells) if (parse(c) != null) return false;
        return true;
    }

    /** The cell as a finite number, or a {@link CsvFormatException} naming file, line and column. */
    static double number(String cell, int column, String[] header, String source, int lineNo) {
        if (cell.isEmpty()) throw new CsvFormatException(source, lineNo, "missing value in column " + (column + 1) + named(header, column));
        Double v = parse(cell);
        if (v == null) throw new CsvFormatException(source, lineNo, "column " + (column + 1) + named(header, column) + " holds '" + cell + "', which is not a number");
        if (!Double.isFinite(v)) throw new CsvFormatException(source, lineNo, "column " + (column + 1) + named(header, column) + " holds '" + cell + "', which is not a finite number");
        return v;
    }

    /** " ('name')" when the header names the column, else "". */
    static String named(String[] header, int column) {
        return header == null ? "" : " ('" + header[column] + "')";
    }

    static Double parse(String s) {
        if (s.isEmpty()) return null;
        try {
            return Double.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
