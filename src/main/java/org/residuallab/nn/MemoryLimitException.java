package org.residuallab.nn;

/**
 * A model, batch or data set that does not fit in this process, refused before it was allocated (or an
 * allocation that failed, translated): the message gives the estimate, the limit and the argument to change.
 * An {@link IllegalArgumentException}, since the fix is a smaller argument; the command line exits with 2.
 */
public class MemoryLimitException extends IllegalArgumentException {
    private final String need;
    private final String change;
    private final double bytes, available;

    public MemoryLimitException(String need, double bytes, double available, String change) {
        super(need + (change == null || change.isEmpty() ? "" : ". " + change));
        this.need = need;
        this.change = change;
        this.bytes = bytes;
        this.available = available;
    }

    /** The same refusal with another hint, e.g. the command line's option names instead of the library's. */
    public MemoryLimitException withChange(String otherChange) {
        MemoryLimitException e = new MemoryLimitException(need, bytes, available, otherChange);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** What was asked for, the estimate and the limit, without the hint. */
    public String need() {
        return need;
    }

    /** The estimated bytes of the request (NaN when an allocation failed without saying its size). */
    public double bytes() {
        return bytes;
    }

    /** The bytes the process could still allocate when it was refused (NaN when unknown). */
    public double available() {
        return available;
    }
}
