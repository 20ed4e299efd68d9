package org.residuallab.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * On Ctrl-C, interrupts the command's thread (the trainer then stops after its current step and returns
 * what it has) and holds the JVM's shutdown until the command has written its partial outputs.
 */
final class GracefulStop implements AutoCloseable {
    private final Thread worker = Thread.currentThread();
    private final CountDownLatch written = new CountDownLatch(1);
    private final Thread hook = new Thread(this::stop, "residual-lab-stop");
    private volatile boolean stopping;

    GracefulStop() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private void stop() {
        stopping = true;
        worker.interrupt();
        try {
            written.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException ignored) {
            // shutting down anyway
        }
    }

    /** True once a shutdown has begun. */
    boolean stopping() {
        return stopping;
    }

    /** Called when outputs are written: lets a pending shutdown proceed and removes the hook. */
    @Override
    public void close() {
        written.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that the outputs are written
        }
    }
}
