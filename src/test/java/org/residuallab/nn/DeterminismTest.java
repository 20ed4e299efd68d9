package org.residuallab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One seed fixes initialisation, shuffling and dropout: the same seed gives bit-identical losses. */
class DeterminismTest {
    private static final int EPOCHS = 3;

    @Test
    void sameSeedGivesBitIdenticalLossesInASecondRunOfTheSameJvm() {
        assertArrayEquals(bits(DeterminismMain.losses(7, EPOCHS)), bits(DeterminismMain.losses(7, EPOCHS)));
    }

    @Test
    void anotherSeedGivesOtherLosses() {
        double[] a = DeterminismMain.losses(7, EPOCHS), b = DeterminismMain.losses(8, EPOCHS);
        assertFalse(Arrays.equals(a, b));
        assertTrue(a[a.length - 1] < a[0], "training lowers the loss: " + Arrays.toString(a));
    }

    @Test
    void sameSeedGivesBitIdenticalLossesInANewJvm() throws IOException, InterruptedException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Djava.awt.headless=true", "-cp", cp,
                DeterminismMain.class.getName(), "7", Integer.toString(EPOCHS));
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.redirectErrorStream(false);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the second JVM did not finish");
        assertEquals(0, p.exitValue(), () -> "the second JVM failed:\n" + new String(err, StandardCharsets.UTF_8));
        List<String> theirs = new ArrayList<>();
        for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) if (!line.isBlank()) theirs.add(line.trim());
        List<String> ours = new ArrayList<>();
        for (double l : DeterminismMain.losses(7, EPOCHS)) ours.add(Long.toHexString(Double.doubleToRawLongBits(l)));
        assertEquals(ours, theirs);
    }

    private static long[] bits(double[] xs) {
        return Arrays.stream(xs).mapToLong(Double::doubleToRawLongBits).toArray();
    }
}
