package org.residuallab.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.residuallab.fuzz.Loaders.Expect;
import org.residuallab.fuzz.Loaders.Loader;

/**
 * Malformed files through every loader ({@link Loaders#ALL}): empty, truncated at random points, random bytes, random
 * bytes flipped, inserted or deleted, and each format's own traps (wrong magic numbers, headers declaring huge shapes,
 * NaN and Inf strings, ragged rows, BOM and CRLF). Each must load or end in an error that names the file, within
 * seconds, without an OutOfMemoryError or a bare exception (NullPointerException, ArrayIndexOutOfBounds, NumberFormat...).
 * Seeded: the same cases every run. {@code -Dfuzz.cases=N} sets the generated cases per kind and loader (default 12).
 */
class LoaderFuzzTest {
    static final int PER_KIND = Integer.getInteger("fuzz.cases", 12);
    static final long SEED = Long.getLong("fuzz.seed", 18);
    static final java.util.concurrent.atomic.AtomicInteger RAN = new java.util.concurrent.atomic.AtomicInteger(), LOADED = new java.util.concurrent.atomic.AtomicInteger();

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> all = new ArrayList<>();
        Path scratch = Files.createTempDirectory("fuzz");
        for (Loader l : Loaders.ALL) {
            Random rng = new Random(SEED + l.name().hashCode());
            byte[] valid = l.valid(rng);
            all.add(Arguments.of(l, "the valid file", valid, Expect.LOAD));
            all.add(Arguments.of(l, "an empty file", new byte[0], Expect.FAIL));
            for (int i = 0; i < PER_KIND; i++) {
                int cut = rng.nextInt(valid.length);
                all.add(Arguments.of(l, "truncated at byte " + cut + " of " + valid.length, Arrays.copyOf(valid, cut), Expect.EITHER));
            }
            for (int i = 0; i < PER_KIND; i++) {
                byte[] b = new byte[rng.nextInt(4096)];
                rng.nextBytes(b);
                all.add(Arguments.of(l, "random bytes #" + i + " (" + b.length + ")", b, Expect.EITHER));
            }
            for (int i = 0; i < PER_KIND; i++) {
                byte[] b = valid.clone();
                int flips = 1 + rng.nextInt(4);
                for (int k = 0; k < flips; k++) b[rng.nextInt(b.length)] = (byte) rng.nextInt(256);
                all.add(Arguments.of(l, "flipped bytes #" + i + " (" + flips + ")", b, Expect.EITHER));
            }
            for (int i = 0; i < PER_KIND / 2; i++) {
                int at = rng.nextInt(valid.length);
                byte[] b = rng.nextBoolean() ? concat(Arrays.copyOf(valid, at), new byte[] {(byte) rng.nextInt(256)}, Arrays.copyOfRange(valid, at, valid.length))
                        : concat(Arrays.copyOf(valid, at), Arrays.copyOfRange(valid, at + 1, valid.length));
                all.add(Arguments.of(l, "a byte inserted or deleted at " + at, b, Expect.EITHER));
            }
            for (Loaders.Special s : l.specials(rng, scratch)) all.add(Arguments.of(l, s.label(), s.bytes(), s.expect()));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void aMalformedFileLoadsOrFailsNamingTheFile(Loader loader, String label, byte[] bytes, Expect expect, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("fuzzed" + loader.suffix());
        Files.createDirectories(file.getParent());
        if (bytes != null) {
            Files.write(file, bytes);
        } else {
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                f.setLength(1L << 30);   // sparse: 1 GB on paper, nothing on disk
            }
        }
        RAN.incrementAndGet();
        Object loaded;
        try {
            loaded = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> loader.load(file), loader.name() + ": " + label + " hangs");
        } catch (IllegalArgumentException | UncheckedIOException e) {
            if (e instanceof NumberFormatException) fail(loader.name() + ", " + label + ": a bare NumberFormatException: " + e.getMessage(), e);
            String m = String.valueOf(e.getMessage());
            if (!m.contains(loader.named(file))) fail(loader.name() + ", " + label + ": the error does not name the file " + file + ": " + e, e);
            if (expect == Expect.LOAD) fail(loader.name() + ", " + label + ": should load but failed: " + m, e);
            return;
        } catch (RuntimeException | OutOfMemoryError e) {
            fail(loader.name() + ", " + label + ": a bare " + e.getClass().getSimpleName() + " instead of an error naming the file", e);
            return;
        }
        if (expect == Expect.FAIL) fail(loader.name() + ", " + label + ": loaded without an error");
        String bad = Loaders.nonFinite(loaded);
        if (bad != null) fail(loader.name() + ", " + label + ": loaded, but " + bad);
        LOADED.incrementAndGet();
    }

    /** Every public read/load method taking a Path in org.residuallab.data and .io is fuzzed: a new loader must join {@link Loaders#ALL}. */
    @Test
    void everyLoaderOfTheLibraryIsFuzzed() throws Exception {
        Set<String> covered = Loaders.ALL.stream().flatMap(l -> l.covers().stream()).collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>();
        for (String pkg : List.of("org.residuallab.data", "org.residuallab.io")) {
            Path classes = Path.of(LoaderFuzzTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent().resolve("classes").resolve(pkg.replace('.', '/'));
            try (Stream<Path> files = Files.list(classes)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString().contains("$")).toList()) {
                    Class<?> c = Class.forName(pkg + "." + f.getFileName().toString().replace(".class", ""));
                    for (Method m : c.getDeclaredMethods()) {
                        boolean reads = m.getName().startsWith("read") || m.getName().startsWith("load") || m.getName().equals("fashionMnist");
                        if (Modifier.isPublic(m.getModifiers()) && reads && Arrays.asList(m.getParameterTypes()).contains(Path.class)) {
                            missing.add(c.getSimpleName() + "." + m.getName());
                        }
                    }
                }
            }
        }
        missing.removeAll(covered);
        assertTrue(missing.isEmpty(), "loaders that the fuzz test does not know: " + missing + ". Add each to Loaders.ALL "
                + "(src/test/java/org/residuallab/fuzz/Loaders.java) with a valid file of its format and its own malformed cases.");
    }

    @AfterAll
    static void report() {
        System.out.println("[fuzz] " + RAN.get() + " malformed-file cases through " + Loaders.ALL.size() + " loaders: "
                + LOADED.get() + " loaded (valid, or still well-formed after the change), " + (RAN.get() - LOADED.get()) + " refused naming the file");
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) { System.arraycopy(p, 0, all, at, p.length); at += p.length; }
        return all;
    }
}
