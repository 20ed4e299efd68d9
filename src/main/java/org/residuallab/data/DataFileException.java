package org.residuallab.data;

/** A data file could not be read; the message starts with the file and says what is wrong (and, where it helps, how to get a good one). */
public class DataFileException extends IllegalArgumentException {
    private final String file;

    public DataFileException(String file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    /** The file (or folder) name. */
    public String file() {
        return file;
    }
}
