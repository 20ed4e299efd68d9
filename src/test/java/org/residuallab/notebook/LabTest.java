package org.residuallab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LabTest {

    private static String printed(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void initOutsideAKernelInstallsNothingAndReportsTheToolkit() {
        LabStatus s = Lab.init();
        assertFalse(Lab.installed());
        assertNull(s.kernel());
        assertTrue(s.nd4jWorks(), s.nd4j());
        assertTrue(s.toString().contains("no kernel (plain JVM)"), s.toString());
        assertTrue(s.heapLimit() > 0);
    }

    @Test
    void aClaimPrintsOneParseableLine() {
        assertEquals("CLAIM plain.ratio=3.2E-5\nCLAIM winner=residual\n",
                printed(() -> {
                    Lab.claim("plain.ratio", 3.2e-5);
                    Lab.claim("winner", "residual");
                }).replace("\r\n", "\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1ratio", "two words", "a=b"})
    void aClaimNameMustBeAnIdentifier(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lab.claim(name, 1.0));
        assertTrue(e.getMessage().contains("claim name '" + name + "'"), e.getMessage());
    }

    @Test
    void aTextClaimMustBeOneWord() {
        assertThrows(IllegalArgumentException.class, () -> Lab.claim("winner", "the residual net"));
    }

    @Test
    void aViewableIsItsOwnView() {
        View v = View.titled("x").line("y");
        Viewable thing = () -> v;
        assertEquals(v, Lab.viewOf(thing));
        assertNull(Lab.viewOf("plain string"));
    }
}
