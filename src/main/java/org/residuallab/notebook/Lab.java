package org.residuallab.notebook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one call at the top of a notebook: {@code Lab.init()} makes XChart charts, viz panels and plots,
 * Tablesaw tables and {@link Viewable} results render inline in the IJava kernel, and returns what it
 * found (toolkit, Java, kernel, ND4J, memory limits). Outside a kernel it changes nothing, so library
 * code may call it freely. This class never links against IJava: the kernel-facing code lives in
 * {@code org.residuallab.notebook.kernel} and is reached by name only when a kernel is running.
 * <pre>import org.residuallab.notebook.*;
 * Lab.init()</pre>
 */
public final class Lab {
    static final String BRIDGE = "org.residuallab.notebook.kernel.KernelBridge";
    private static final Pattern CLAIM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final Map<Class<?>, Function<Object, View>> VIEWS = new LinkedHashMap<>();
    private static volatile boolean installed;

    static {
        ResultViews.registerBuiltIns();
    }

    private Lab() {}

    /** Registers the renderers when running in an IJava kernel (once; later calls only report). */
    public static LabStatus init() {
        if (inKernel()) {
            Kernel.call("install");
            installed = true;
        }
        return LabStatus.now(installed);
    }

    /** True when this JVM is an IJava kernel. */
    public static boolean inKernel() {
        return Kernel.running();
    }

    /** True once {@link #init()} has installed the renderers in this kernel. */
    public static boolean installed() {
        return installed;
    }

    /**
     * How objects of {@code type} (and its subtypes) look in a notebook, for classes that do not implement
     * {@link Viewable}. Takes effect at once if {@link #init()} already ran.
     * <pre>Lab.register(LesionResult.class, r -&gt; View.titled("lesion").image(r.chart()).table(r.table(), 10));</pre>
     */
    @SuppressWarnings("unchecked")
    public static synchronized <T> void register(Class<T> type, Function<? super T, View> view) {
        if (type == null || view == null) throw new IllegalArgumentException("register needs a type and a view function");
        VIEWS.put(type, o -> view.apply((T) o));
        if (installed) Kernel.call("registerView", type);
    }

    /** The types given to {@link #register}, in order. */
    public static synchronized List<Class<?>> registeredTypes() {
        return new ArrayList<>(VIEWS.keySet());
    }

    /** The view of {@code o}: its registered function (nearest type first), else its own {@link Viewable#view()}, else null. */
    public static synchronized View viewOf(Object o) {
        if (o == null) return null;
        for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
            Function<Object, View> f = VIEWS.get(c);
            if (f != null) return f.apply(o);
        }
        for (Map.Entry<Class<?>, Function<Object, View>> e : VIEWS.entrySet()) {
            if (e.getKey().isInstance(o)) return e.getValue().apply(o);
        }
        return o instanceof Viewable ? ((Viewable) o).view() : null;
    }

    /**
     * Prints {@code CLAIM name=value}: a number the notebook's text states, which the notebook tests
     * check against its expectation. Called from a notebook's sidecar ({@code notebooks/checks/NAME.json}),
     * not from the notebook itself.
     */
    public static void claim(String name, double value) {
        System.out.println("CLAIM " + checkName(name) + "=" + value);
    }

    /** A non-numeric claim, e.g. which model won; the value must not contain spaces. */
    public static void claim(String name, String value) {
        if (value == null || value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("claim '" + name + "': value must be one word without spaces but was '" + value + "'");
        }
        System.out.println("CLAIM " + checkName(name) + "=" + value);
    }

    private static String checkName(String name) {
        if (name == null || !CLAIM_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("claim name '" + name + "' must match " + CLAIM_NAME.pattern());
        }
        return name;
    }

    /** Where a {@link Progress} shows itself now: the notebook once {@link #init()} ran in a kernel, else the console. */
    static ProgressSink progressSink() {
        if (installed && inKernel()) return (ProgressSink) Kernel.call("progressSink");
        return ProgressSink.console(new java.io.PrintWriter(System.out, true), 2.0);
    }

    /** Progress of a loop of {@code totalSteps} steps: call {@code step(loss)} each step, close it at the end. */
    public static Progress progress(String label, long totalSteps) {
        return Progress.start(label, totalSteps);
    }

    /** A listener that gives every model a trainer or experiment trains its own {@link Progress}. */
    public static TrainingProgress trainingProgress() {
        return TrainingProgress.create();
    }
}
