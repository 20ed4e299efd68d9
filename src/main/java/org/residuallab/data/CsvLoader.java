package org.residuallab.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads a student's own CSV file into a {@link Dataset}: numeric feature columns and a label column
 * (classification) or target columns (regression). Errors name the file and line.
 * <pre>Dataset d = CsvLoader.classification().labelColumn("species").read(Path.of("iris.csv"));
 * Dataset r = CsvLoader.regression().targets(1).read(Path.of("houses.csv"));</pre>
 * Blank lines and lines starting with {@code #} are skipped; cells may be "quoted". Labels become
 * classes 0..K-1: used as they are when they already are exactly 0..K-1, otherwise numbered in sorted
 * order (the names are kept in {@link Dataset#classNames()}). The header is detected when no cell of
 * the first line is a number, unless {@link #hasHeader} says otherwise.
 */
public final class CsvLoader {
    private final boolean classification;
    private String labelName;
    private int labelIndex = -1;   // -1: the last column
    private int targets = 1;
    private Boolean header;        // null: detect
    private char separator = ',';

    private CsvLoader(boolean classification) {
        this.classification = classification;
    }

    /** A loader for labelled data; the label is the last column unless {@link #labelColumn} says otherwise. */
    public static CsvLoader classification() {
        return new CsvLoader(true);
    }

    /** A loader for regression data; the targets are the last {@link #targets} columns. */
    public static CsvLoader regression() {
        return new CsvLoader(false);
    }

    /** The label column by header name. */
    public CsvLoader labelColumn(String name) { labelName = name; labelIndex = -1; return this; }

    /** The label column by 0-based index (negative counts from the end: -1 is the last). */
    public CsvLoader labelColumn(int index) { labelIndex = index; labelName = null; return this; }

    /** Number of trailing target columns for regression (default 1). */
    public CsvLoader targets(int n) {
        if (n < 1) throw new IllegalArgumentException("targets must be >= 1 but was " + n);
        targets = n;
        return this;
    }

    public CsvLoader hasHeader(boolean present) { header = present; return this; }

    public CsvLoader separator(char c) { separator = c; return this; }

    /** Reads {@code file}; the dataset is named after the file. */
    public Dataset read(Path file) {
        String name = file.getFileName().toString();
        if (Files.isRegularFile(file)) {
            try {   // the rows are held as strings first: about ten times the file's bytes on the heap
                org.residuallab.nn.MemoryGuard.require(org.residuallab.nn.MemoryGuard.Where.HEAP, file.toString(), 10.0 * Files.size(file),
                        "its rows as text, then as numbers", "Use a smaller file");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString()).named(name.replaceFirst("(?i)\\.csv$", ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads CSV text from {@code in}; {@code source} names it in error messages. */
    public Dataset read(BufferedReader in, String source) throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        String[] headerCells = null;
        int headerLine = 0;
        String text;
        for (int lineNo = 1; (text = in.readLine()) != null; lineNo++) {
            if (lineNo == 1 && text.startsWith("\uFEFF")) text = text.substring(1);   // a byte-order mark (Excel's "CSV UTF-8")
            if (text.isBlank() || text.stripLeading().startsWith("#")) continue;
            String[] cells = CsvCells.split(text, separator, source, lineNo);
            boolean isHeader = rows.isEmpty() && headerCells == null && (header != null ? header : CsvCells.noNumbers(cells));
            if (isHeader) {
                headerCells = cells;
                headerLine = lineNo;
                continue;
            }
            int expected = headerCells != null ? headerCells.length : rows.isEmpty() ? cells.length : rows.get(0).length;
            if (cells.length != expected) {
                throw new CsvFormatException(source, lineNo, "expected " + expected + " columns (as on line "
                        + (headerCells != null ? headerLine : lineNumbers.get(0)) + ") but found " + cells.length);
            }
            rows.add(cells);
            lineNumbers.add(lineNo);
        }
        if (rows.isEmpty()) throw new CsvFormatException(source, 0, "no data rows");
        int columns = rows.get(0).length;
        int minColumns = classification ? 2 : targets + 1;
        if (columns < minColumns) {
            throw new CsvFormatException(source, lineNumbers.get(0), "needs at least " + minColumns
                    + " columns (features and " + (classification ? "a label" : targets + " target(s)") + ") but has " + columns);
        }
        return classification ? classify(rows, lineNumbers, headerCells, source, labelColumn(headerCells, columns, source))
                : regress(rows, lineNumbers, headerCells, source);
    }

    private int labelColumn(String[] headerCells, int columns, String source) {
        if (labelName != null) {
            if (headerCells == null) throw new CsvFormatException(source, 0, "label column '" + labelName + "' was asked for by name but the file has no header");
            for (int j = 0; j < headerCells.length; j++) if (headerCells[j].equals(labelName)) return j;
            throw new CsvFormatException(source, 0, "no column named '" + labelName + "'; the header has " + String.join(", ", headerCells));
        }
        int j = labelIndex < 0 ? columns + labelIndex : labelIndex;
        if (j < 0 || j >= columns) throw new CsvFormatException(source, 0, "label column " + labelIndex + " does not exist in " + columns + " columns");
        return j;
    }

    private Dataset classify(List<String[]> rows, List<Integer> lines, String[] headerCells, String source, int labelCol) {
        int n = rows.size(), d = rows.get(0).length - 1;
        double[] x = new double[n * d];
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            String[] cells = rows.get(i);
            for (int j = 0, k = 0; j < cells.length; j++) {
                if (j == labelCol) continue;
                x[i * d + k++] = CsvCells.number(cells[j], j, headerCells, source, lines.get(i));
            }
            if (cells[labelCol].isEmpty()) {
                throw new CsvFormatException(source, lines.get(i), "missing label in column " + (labelCol + 1) + CsvCells.named(headerCells, labelCol));
            }
            labels[i] = cells[labelCol];
        }
        CsvLabels coded = CsvLabels.code(labels, source);
        return Dataset.classification("csv", Nd4j.create(x, new long[] {n, d}, DataType.FLOAT), coded.labels(), coded.classes(), coded.names());
    }

    private Dataset regress(List<String[]> rows, List<Integer> lines, String[] headerCells, String source) {
        int n = rows.size(), columns = rows.get(0).length, d = columns - targets;
        double[] x = new double[n * d], y = new double[n * targets];
        for (int i = 0; i < n; i++) {
            String[] cells = rows.get(i);
            for (int j = 0; j < columns; j++) {
                double v = CsvCells.number(cells[j], j, headerCells, source, lines.get(i));
                if (j < d) x[i * d + j] = v;
                else y[i * targets + j - d] = v;
            }
        }
        return Dataset.regression("csv", Nd4j.create(x, new long[] {n, d}, DataType.FLOAT), Nd4j.create(y, new long[] {n, targets}, DataType.FLOAT));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "CsvLoader(%s)", classification ? "classification" : "regression, " + targets + " target(s)");
    }
}
