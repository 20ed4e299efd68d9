package org.residuallab.data;

/** A CSV file could not be read as a dataset; the message starts with the file and line, e.g. {@code data.csv:7: ...}. */
public class CsvFormatException extends IllegalArgumentException {
    private final String file;
    private final int line;

    public CsvFormatException(String file, int line, String message) {
        super(line > 0 ? file + ":" + line + ": " + message : file + ": " + message);
        this.file = file;
        this.line = line;
    }

    /** The file (or resource) name. */
    public String file() {
        return file;
    }

    /** The 1-based line number, or 0 when the problem concerns the whole file. */
    public int line() {
        return line;
    }
}
