package org.residuallab.project;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaLauncherTest {

    @Test
    void aSourceFileWithAPackageRunsAgainstTheToolkitAndItsOutputIsCollected(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("Hello.java");
        Files.writeString(src, """
                package com.example;
                public class Hello {
                    public static void main(String[] args) {
                        System.out.println("kind " + org.residuallab.nn.BlockKind.RESIDUAL.label());
                        System.out.println("args " + String.join(",", args));
                        System.err.println("headless " + System.getProperty("java.awt.headless"));
                    }
                }
                """);
        JavaLauncher.Result r = JavaLauncher.source(src, "a", "b");
        assertTrue(r.ok(), r.toString());
        assertEquals(List.of("kind residual"), r.linesStartingWith("kind"));
        assertTrue(r.lines().contains("args a,b"), r.toString());
        assertTrue(r.lines().contains("headless true"), "stderr is collected too: " + r);
    }

    @Test
    void aFailingProgramGivesItsExitCodeNotAnException(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("Fail.java");
        Files.writeString(src, "public class Fail { public static void main(String[] a) { System.out.println(\"bye\"); System.exit(3); } }");
        JavaLauncher.Result r = JavaLauncher.source(src);
        assertEquals(3, r.exitCode());
        assertFalse(r.ok());
        assertTrue(r.toString().endsWith(" s)") && r.toString().contains("exit code 3"), r.toString());
    }

    @Test
    void aMissingSourceFileIsNamed(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JavaLauncher.source(dir.resolve("Nope.java")));
        assertTrue(e.getMessage().contains("Nope.java"), e.getMessage());
    }

    @Test
    void numbersAreReadFromKeyValueTokensOfAPrintedLine() {
        JavaLauncher.Result r = new JavaLauncher.Result(0, List.of("noise", "residual-d10 grad_ratio=0.992 test_accuracy=0.838", "plain-d10 test_accuracy=0.100"), 1);
        assertEquals(0.838, r.number("residual-", "test_accuracy"));
        assertEquals(0.1, r.number("plain-", "test_accuracy"));
        IllegalArgumentException noLine = assertThrows(IllegalArgumentException.class, () -> r.number("resnet", "x"));
        assertTrue(noLine.getMessage().contains("'resnet'") && noLine.getMessage().contains("noise"), noLine.getMessage());
        IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class, () -> r.number("plain-", "loss"));
        assertTrue(noKey.getMessage().contains("no loss="), noKey.getMessage());
    }
}
