package org.residuallab.nn;

/** Returned by {@link Layer#addHook}: {@code close()} detaches the hook. Closing twice is harmless. */
public final class HookHandle implements AutoCloseable {
    private Runnable detach;

    HookHandle(Runnable detach) {
        this.detach = detach;
    }

    @Override
    public void close() {
        if (detach != null) {
            detach.run();
            detach = null;
        }
    }
}
