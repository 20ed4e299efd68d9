package org.residuallab.notebook;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What {@link Lab#init()} found: toolkit and Java versions, the kernel, whether inline rendering is on,
 * the ND4J backend (checked with a small product) and the memory limits the kernel runs under: the Java
 * heap, and the resident size past which JavaCPP collects garbage and then refuses native allocations.
 */
public record LabStatus(String toolkit, String java, String kernel, boolean inline, String nd4j,
                        long heapLimit, long processLimit, String blasThreads) {

    static LabStatus now(boolean inline) {
        String kernel = Kernel.running() ? "IJava " + Kernel.version() : null;
        return new LabStatus(toolkitVersion(), System.getProperty("java.version"), kernel, inline, checkNd4j(),
                Runtime.getRuntime().maxMemory(), Pointer.maxPhysicalBytes(),
                System.getenv().getOrDefault("OMP_NUM_THREADS", "default"));
    }

    /** True when ND4J loaded and multiplied two small matrices correctly. */
    public boolean nd4jWorks() {
        return nd4j.startsWith("ok");
    }

    /** The version of the residual-lab jar on the class path ("dev" when run from compiled classes). */
    public static String toolkitVersion() {
        try (InputStream in = Lab.class.getResourceAsStream("/META-INF/maven/org.residuallab/residual-lab/pom.properties")) {
            if (in == null) return "dev";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    private static String checkNd4j() {
        try {
            INDArray a = Nd4j.ones(2, 3);
            double s = a.mmul(a.transpose()).sumNumber().doubleValue();
            String backend = Nd4j.getBackend().getClass().getSimpleName();
            return s == 12.0 ? "ok (" + backend + ")" : "WRONG: a 2x3 ones product summed to " + s + " instead of 12 (" + backend + ")";
        } catch (Throwable t) {
            return "FAILED to load: " + t;
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "residual-lab %s · Java %s · %s%n"
                        + "ND4J %s · BLAS threads %s · heap ≤ %s · process ≤ %s%n%s",
                toolkit, java, kernel == null ? "no kernel (plain JVM)" : kernel + " kernel", nd4j, blasThreads,
                mb(heapLimit), mb(processLimit),
                inline ? "inline output on: XChart charts, viz panels and plots as PNG, Tablesaw tables as HTML, results as chart + table; progress bars"
                        : "inline output off (not in a kernel): charts and tables print as text");
    }

    private static String mb(long bytes) {
        if (bytes <= 0) return "unlimited";
        return bytes >= (1L << 30) ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
                : (bytes >> 20) + " MB";
    }
}
