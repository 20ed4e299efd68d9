package org.residuallab.notebook;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** Finds a running IJava kernel and calls the kernel bridge by name, so nothing here links against IJava. */
final class Kernel {
    private Kernel() {}

    /** True when IJava is loadable and its kernel instance exists. */
    static boolean running() {
        try {
            Class<?> ijava = Class.forName("io.github.spencerpark.ijava.IJava", false, Lab.class.getClassLoader());
            return ijava.getMethod("getKernelInstance").invoke(null) != null;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("IJava is on the class path but its kernel could not be queried: " + e, e);
        }
    }

    /** The IJava version string, or null outside a kernel. */
    static String version() {
        try {
            return (String) Class.forName("io.github.spencerpark.ijava.IJava", false, Lab.class.getClassLoader()).getField("VERSION").get(null);
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return null;
        }
    }

    /** Calls a static bridge method whose parameters are all Class objects (or none). */
    static Object call(String method, Object... args) {
        try {
            Class<?> bridge = Class.forName(Lab.BRIDGE, true, Lab.class.getClassLoader());
            Class<?>[] types = new Class<?>[args.length];
            java.util.Arrays.fill(types, Class.class);
            Method m = bridge.getMethod(method, types);
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) throw (RuntimeException) cause;
            if (cause instanceof Error) throw (Error) cause;
            throw new IllegalStateException("kernel bridge " + method + " failed: " + cause, cause);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("the notebook support could not reach the IJava kernel (" + method + "): " + e, e);
        }
    }
}
