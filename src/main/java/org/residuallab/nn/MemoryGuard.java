package org.residuallab.nn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;

/**
 * Refuses, before anything is allocated, what does not fit in this process: a model (its {@link MemoryEstimate}),
 * a batch, a data set. ND4J's arrays live outside the Java heap, where JavaCPP's {@code maxphysicalbytes} caps
 * the process's resident memory, and so do the machine's free memory and a container's limit; a loader's Java
 * arrays live on the heap ({@code -Xmx}). A refusal is a {@link MemoryLimitException} whose message gives the
 * estimate, the limit and the argument to change:
 * <pre>model 'residual-relu-d20' needs about 1.6 PB (parameters 800 TB, ...) but this process can allocate
 * about 890 MB more (JavaCPP maxphysicalbytes 1.2 GB, 310 MB resident now). Make width (100000000) smaller</pre>
 * JavaCPP's {@code maxbytes} is not a limit here: ND4J allocates its arrays in libnd4j, not as JavaCPP pointers.
 */
public final class MemoryGuard {
    /** Requests smaller than this are let through unchecked (reading the resident size costs a system call). */
    public static final long SMALL = 32L << 20;

    private MemoryGuard() {}

    /** Where the bytes go: ND4J's arrays (outside the heap) or Java arrays (on the heap). */
    public enum Where { NATIVE, HEAP }

    /** The bytes this process can still allocate there, and the limit that sets them, in words. */
    public record Headroom(double bytes, String limit) {}

    /** Throws a {@link MemoryLimitException} when {@code bytes} do not fit; {@code what} needs them ({@code parts} say for what). */
    public static void require(Where where, String what, double bytes, String parts, String change) {
        if (bytes < SMALL) return;
        Headroom h = headroom(where);
        if (bytes <= h.bytes()) return;
        System.gc();                       // dropped arrays are freed only when the collector finds them
        h = headroom(where);
        if (bytes <= h.bytes()) return;
        throw new MemoryLimitException(what + " needs about " + bytes(bytes) + (parts == null || parts.isEmpty() ? "" : " (" + parts + ")")
                + " but this process can allocate about " + bytes(Math.max(0, h.bytes())) + " more (" + h.limit() + ")", bytes, h.bytes(), change);
    }

    /**
     * A data set of {@code values} float32 numbers, built in a Java array and copied into an ND4J array: refused when
     * one Java array cannot hold it, or when it does not fit on the heap or outside it.
     */
    public static void requireData(String what, double values, String change) {
        if (values > Integer.MAX_VALUE - 16) {
            throw new MemoryLimitException(what + " would hold " + String.format(Locale.ROOT, "%.3g", values)
                    + " values, more than one Java array can (2^31 - 1)", 4 * values, Double.NaN, change);
        }
        require(Where.HEAP, what, 4 * values, "float32 values in a Java array", change);
        require(Where.NATIVE, what, 4 * values, "float32 values in an ND4J array", change);
    }

    /** Checks a model's estimate against the native headroom. */
    public static void require(MemoryEstimate e, String change) {
        require(Where.NATIVE, e.what(), e.total(), e.toString(), change);
    }

    /**
     * Builds the model twice if it fits: first with shapes only ({@link Param#shapesOnly}, no memory), to check its
     * parameters against the headroom, then for real. {@code change} says, from the shapes-only model, what to make smaller.
     */
    public static Model checkedBuild(java.util.function.Supplier<Model> build, java.util.function.Function<Model, String> change) {
        if (Param.buildingShapesOnly()) return build.get();
        Model shapes = Param.shapesOnly(build);
        String hint = change.apply(shapes);
        require(MemoryEstimate.build(shapes), hint);
        try {
            return build.get();
        } catch (RuntimeException | OutOfMemoryError e) {
            MemoryLimitException m = translate(e, "model '" + shapes.name() + "'", hint);
            if (m != null) throw m;
            throw e;
        }
    }

    /** What can still be allocated: the smallest of the limits that apply there. */
    public static Headroom headroom(Where where) {
        if (where == Where.HEAP) {
            Runtime rt = Runtime.getRuntime();
            long used = rt.totalMemory() - rt.freeMemory();
            return new Headroom(rt.maxMemory() - used, "Java heap -Xmx " + bytes(rt.maxMemory()) + ", " + bytes(used) + " in use");
        }
        long resident = Pointer.physicalBytes();
        Headroom best = new Headroom(Pointer.availablePhysicalBytes(), "the machine's free memory");
        long max = Pointer.maxPhysicalBytes();
        if (max > 0 && max - resident < best.bytes()) {
            best = new Headroom(max - resident, "JavaCPP maxphysicalbytes " + bytes(max) + ", " + bytes(resident) + " resident now");
        }
        long[] container = container();
        if (container != null && container[0] - container[1] < best.bytes()) {
            best = new Headroom(container[0] - container[1], "the container's memory limit " + bytes(container[0]) + ", " + bytes(container[1]) + " in use");
        }
        return best;
    }

    /**
     * An allocation that failed anyway (ND4J's "Allocation failed: [std::bad_alloc]", JavaCPP's "Cannot allocate",
     * an {@link OutOfMemoryError}) as a {@link MemoryLimitException} naming {@code what} and {@code change}; null for other errors.
     */
    public static MemoryLimitException translate(Throwable t, String what, String change) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof MemoryLimitException m) return m;
            String m = String.valueOf(c.getMessage());
            if (c instanceof OutOfMemoryError || m.contains("bad_alloc") || m.contains("Allocation failed") || m.contains("Cannot allocate")) {
                Headroom h = headroom(c instanceof OutOfMemoryError && m.contains("Java heap") ? Where.HEAP : Where.NATIVE);
                MemoryLimitException e = new MemoryLimitException(what + " could not be allocated: out of memory (" + h.limit() + "; "
                        + c.getClass().getSimpleName() + ": " + m + ")", Double.NaN, h.bytes(), change);
                e.initCause(t);
                return e;
            }
        }
        return null;
    }

    /** "1.2 GB": bytes in decimal units. */
    public static String bytes(double b) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        int u = 0;
        while (b >= 999.5 && u < units.length - 1) { b /= 1000; u++; }
        return u == 0 ? String.format(Locale.ROOT, "%.0f B", b) : String.format(Locale.ROOT, b < 9.95 ? "%.1f %s" : "%.0f %s", b, units[u]);
    }

    // a cgroup's {limit, usage} in bytes (v2, then v1), or null where there is none
    private static long[] container() {
        long[] v2 = read(Path.of("/sys/fs/cgroup/memory.max"), Path.of("/sys/fs/cgroup/memory.current"));
        return v2 != null ? v2 : read(Path.of("/sys/fs/cgroup/memory/memory.limit_in_bytes"), Path.of("/sys/fs/cgroup/memory/memory.usage_in_bytes"));
    }

    private static long[] read(Path limit, Path usage) {
        try {
            String l = Files.readString(limit).trim();
            if (l.equals("max")) return null;
            long max = Long.parseLong(l);
            return max >= (1L << 60) ? null : new long[] {max, Long.parseLong(Files.readString(usage).trim())};
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
