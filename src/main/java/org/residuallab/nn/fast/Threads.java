package org.residuallab.nn.fast;

import java.util.Locale;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How many CPU threads matrix products may use. A product smaller than {@link #SMALL_GEMM}
 * multiply-adds (width 128 at batch 64 is 1 M) always runs on one thread: at such sizes a second
 * BLAS thread costs more than it saves, and collapses when anything else runs on the machine.
 * Larger products (e.g. width 512 at batch 256, 67 M) use up to {@link #max()} threads.
 *
 * <p>The maximum comes from, in order: {@link #set(int)}, the system property
 * {@code residuallab.threads}, the environment variable {@code RESIDUALLAB_THREADS},
 * {@code OMP_NUM_THREADS}, and otherwise the number of cores (at most 4).
 * <pre>Threads.set(1);   // everything on one thread, e.g. while other programs share the CPU</pre>
 */
public final class Threads {
    /** Products with fewer multiply-adds than this run on one thread. */
    public static final long SMALL_GEMM = 1L << 22;

    private static int max = fromEnvironment();
    private static int current = -1; // what OpenBLAS was last told, -1 before the first product

    static {
        applyToNd4j(max);
    }

    private Threads() {}

    /** The most threads a large product may use. */
    public static synchronized int max() {
        return max;
    }

    /** Sets the maximum for BLAS and for ND4J's own operations; {@code n} must be at least 1. */
    public static synchronized void set(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1 but was " + n);
        max = n;
        applyToNd4j(n);
        use(1);
    }

    private static void applyToNd4j(int n) {
        Nd4j.getEnvironment().setMaxMasterThreads(n);
        Nd4j.getEnvironment().setMaxThreads(n);
    }

    /** Tells OpenBLAS how many threads to use for a product of m·n·k multiply-adds. */
    static synchronized void forProduct(long m, long n, long k) {
        use(m * n * k < SMALL_GEMM ? 1 : max);
    }

    private static void use(int n) {
        if (n == current) return;
        openblas_nolapack.blas_set_num_threads(n); // the OpenBLAS that ND4J loads too
        current = n;
    }

    static int fromEnvironment() {
        String[][] sources = {
            {"system property residuallab.threads", System.getProperty("residuallab.threads")},
            {"environment variable RESIDUALLAB_THREADS", System.getenv("RESIDUALLAB_THREADS")},
            {"environment variable OMP_NUM_THREADS", System.getenv("OMP_NUM_THREADS")},
        };
        for (String[] s : sources) {
            if (s[1] == null || s[1].isBlank()) continue;
            try {
                int n = Integer.parseInt(s[1].trim());
                if (n >= 1) return n;
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s must be a whole number >= 1 but was '%s'", s[0], s[1]));
        }
        return Math.min(4, Runtime.getRuntime().availableProcessors());
    }
}
