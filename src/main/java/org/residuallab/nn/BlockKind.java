package org.residuallab.nn;

/** Whether a hidden block carries the skip connection. */
public enum BlockKind {
    PLAIN, RESIDUAL;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static BlockKind parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown block kind '" + s + "': expected plain or residual");
        }
    }
}
