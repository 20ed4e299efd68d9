package org.residuallab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The library must load and work in a student's plain JVM, where IJava is absent. */
class KernelIsolationTest {

    private static Path classesDir() throws Exception {
        return Path.of(Lab.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void noClassOutsideTheKernelPackageReferencesIJavaOrTheBridge() throws Exception {
        Path root = classesDir();
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String rel = root.relativize(p).toString().replace(File.separatorChar, '/');
                if (rel.startsWith("org/residuallab/notebook/kernel/")) continue;
                scanned++;
                String bytes = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                if (bytes.contains("io/github/spencerpark") || bytes.contains("org/residuallab/notebook/kernel/")) offenders.add(rel);
            }
        }
        assertTrue(scanned > 20, "expected to scan the library's classes under " + root + " but found " + scanned);
        assertEquals(List.of(), offenders, "classes outside org.residuallab.notebook.kernel must not link against IJava or the bridge");
    }

    @Test
    void theKernelBridgeIsTheOnlyCodeThatLinksAgainstIJava() throws Exception {
        Path bridge = classesDir().resolve("org/residuallab/notebook/kernel/KernelBridge.class");
        String bytes = new String(Files.readAllBytes(bridge), StandardCharsets.ISO_8859_1);
        assertTrue(bytes.contains("io/github/spencerpark/ijava/IJava"), "the scan above would be vacuous if the bridge did not use IJava");
        assertEquals(Lab.BRIDGE.replace('.', '/') + ".class", "org/residuallab/notebook/kernel/KernelBridge.class");
    }

    @Test
    void notebookSupportRunsInAClassLoaderWithoutIJava() throws Exception {
        try (URLClassLoader plain = new URLClassLoader(classPathWithoutIJava(), ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName("io.github.spencerpark.ijava.IJava", false, plain));
            Class<?> lab = Class.forName(Lab.class.getName(), true, plain);
            assertFalse((Boolean) lab.getMethod("inKernel").invoke(null));

            PrintStream old = System.out;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            try {
                lab.getMethod("claim", String.class, double.class).invoke(null, "ratio", 0.5);
                Object bar = lab.getMethod("progress", String.class, long.class).invoke(null, "demo", 2L);
                bar.getClass().getMethod("step", double.class).invoke(bar, 1.0);
                bar.getClass().getMethod("step", double.class).invoke(bar, 0.5);
                bar.getClass().getMethod("close").invoke(bar);
            } finally {
                System.setOut(old);
            }
            String printed = out.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("CLAIM ratio=0.5"), printed);
            assertTrue(printed.contains("✔ demo: 2 steps"), printed);
        }
    }

    private static URL[] classPathWithoutIJava() throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            if (entry.isBlank() || entry.contains("ijava")) continue;
            urls.add(new File(entry).toURI().toURL());
        }
        return urls.toArray(new URL[0]);
    }
}
