package org.residuallab.check;

/**
 * The outcome of one check of a student's layer: what was checked, whether it held and, if not, a message
 * that says what went wrong in words a student understands. {@link Assertions} throws it as an
 * {@link AssertionError}; a notebook shows it as text.
 * <pre>Check c = LayerChecks.gradients(new MyDense(3, 4), Inputs.batch(4, 3));
 * c.orFail();   // throws AssertionError(c.message()) unless c.passed()</pre>
 */
public record Check(String what, boolean passed, String message) {

    static Check pass(String what) {
        return new Check(what, true, "");
    }

    static Check fail(String what, String message) {
        return new Check(what, false, message);
    }

    /** Throws an {@link AssertionError} with the message (what JUnit reports as a failed test) unless it passed. */
    public Check orFail() {
        if (!passed) throw new AssertionError(message);
        return this;
    }

    /** "✔ what" or "✘ what" followed by the message. */
    @Override
    public String toString() {
        return passed ? "✔ " + what : "✘ " + message;
    }
}
