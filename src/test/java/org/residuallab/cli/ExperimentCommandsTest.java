package org.residuallab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import tech.tablesaw.api.Table;

/** probe, compare, sweep and lesion run in-process on tiny configurations; their outputs exist and parse. */
class ExperimentCommandsTest {
    private record Run(int code, String out, String err) {}

    @TempDir
    Path dir;

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    static String[] tiny(String command, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of(command, "--depth", "2", "--width", "4", "--data", "xor", "--batch", "16", "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    static JsonNode summary(Path out) throws IOException {
        return new ObjectMapper().readTree(Files.readString(out.resolve("summary.json")));
    }

    @Test
    void compareWritesChartsTablesSummaryAndIndex() throws IOException {
        Path out = dir.resolve("compare");
        Run r = run(tiny("compare", out, "--steps", "4", "--probe-every", "2"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("✔ plain-") && l.contains(": 4 steps in ")), "each model's summary line: " + r.err());
        for (String f : List.of("grad-norms.png", "grad-norms.svg", "out-grad-norms.png", "loss.png", "accuracy.png", "heat-maps.png",
            "update-ratio.png", "activations.png", "probes.csv", "histograms.csv", "curves.csv", "summary.json", "index.html")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f + " missing; files: " + list(out));
        }
        assertPngsDecode(out);
        Table probes = Table.read().csv(out.resolve("probes.csv").toFile());
        assertEquals(List.of("run", "model", "depth", "step", "layer", "layer_index", "metric", "value"), probes.columnNames());
        assertTrue(probes.rowCount() > 0);
        Table curves = Table.read().csv(out.resolve("curves.csv").toFile());
        assertTrue(curves.columnNames().containsAll(List.of("model", "step", "metric", "value")));

        JsonNode s = summary(out);
        assertEquals("compare", s.get("command").asText());
        assertEquals(2, s.get("models").size());
        for (JsonNode m : s.get("models")) {
            for (String f : List.of("name", "block", "depth", "width", "activation", "init", "weight_grad_norm_by_layer", "grad_ratio_first_to_last",
                "final_train_loss", "final_train_accuracy", "final_test_accuracy")) {
                assertTrue(m.has(f), f + " missing in " + m);
            }
            assertEquals(2, m.get("depth").asInt());
            JsonNode layers = m.get("weight_grad_norm_by_layer");
            assertEquals(4, layers.size(), "stem, 2 blocks, head");
            assertEquals(0, layers.get(0).get("layer_index").asInt(), "input side first");
            assertTrue(layers.get(0).get("norm").asDouble() > 0);
            double ratio = layers.get(1).get("norm").asDouble() / layers.get(2).get("norm").asDouble();
            assertEquals(ratio, m.get("grad_ratio_first_to_last").asDouble(), 1e-9 * ratio, "first block ÷ last block");
        }
        assertEquals("plain", s.get("models").get(0).get("block").asText());
        assertEquals("residual", s.get("models").get(1).get("block").asText());
        String html = Files.readString(out.resolve("index.html"));
        for (String png : List.of("grad-norms.png", "loss.png", "heat-maps.png")) assertTrue(html.contains("src=\"" + png + "\""), png);
        assertTrue(html.contains(s.get("models").get(0).get("name").asText()));
        assertNoTemporaryFiles(out);
    }

    @Test
    void probeAtInitialisationRecordsGradientsWithoutTraining() throws IOException {
        Path out = dir.resolve("probe");
        Run r = run(tiny("probe", out, "--block", "plain"));
        assertEquals(0, r.code(), r.err());
        JsonNode s = summary(out);
        assertEquals(1, s.get("models").size());
        JsonNode m = s.get("models").get(0);
        assertEquals("plain", m.get("block").asText());
        assertEquals(0, m.get("weight_grad_step").asInt());
        assertTrue(m.has("grad_ratio_first_to_last"));
        assertFalse(m.has("final_train_loss"), "nothing was trained");
        assertTrue(Files.isRegularFile(out.resolve("grad-norms.png")));
        assertTrue(Files.isRegularFile(out.resolve("activations.png")));
        assertPngsDecode(out);
    }

    /** The claim, end to end through summary.json: sigmoid, Xavier, depth 20, at initialisation. */
    @Test
    void probeWithDefaultsShowsPlainGradientsVanishAndResidualOnesSurvive() throws IOException {
        Path out = dir.resolve("science");
        Run r = run("probe", "--depth", "20", "--activation", "sigmoid", "--init", "xavier", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode models = summary(out).get("models");
        assertEquals("plain", models.get(0).get("block").asText());
        double plain = models.get(0).get("grad_ratio_first_to_last").asDouble(), residual = models.get(1).get("grad_ratio_first_to_last").asDouble();
        assertTrue(plain < 1e-3, "plain ratio " + plain);
        assertTrue(residual >= 0.1 && residual <= 10, "residual ratio " + residual);
    }

    @Test
    void sweepTrainsEveryDepthAndKind() throws IOException {
        Path out = dir.resolve("sweep");
        Run r = run("sweep", "--depth", "1,3", "--width", "4", "--data", "xor", "--steps", "3", "--batch", "16", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode s = summary(out);
        assertEquals(4, s.get("models").size());
        List<String> cells = new ArrayList<>();
        for (JsonNode m : s.get("models")) {
            for (String f : List.of("name", "block", "depth", "width", "activation", "init", "weight_grad_norm_by_layer", "grad_ratio_first_to_last",
                "final_train_loss", "final_train_accuracy", "final_test_accuracy")) {
                assertTrue(m.has(f), f + " missing in " + m);
            }
            assertEquals(m.get("depth").asInt() + 2, m.get("weight_grad_norm_by_layer").size());
            cells.add(m.get("block").asText() + m.get("depth").asInt());
        }
        assertEquals(List.of("plain1", "residual1", "plain3", "residual3"), cells);
        Table sweep = Table.read().csv(out.resolve("sweep.csv").toFile());
        assertTrue(sweep.columnNames().containsAll(List.of("depth", "block", "model", "metric", "value")));
        assertTrue(Files.isRegularFile(out.resolve("sweep-loss.png")));
        assertTrue(Files.isRegularFile(out.resolve("sweep-grad-ratio.png")));
        assertPngsDecode(out);
    }

    @Test
    void lesionRemovesEachBlockOfEveryModel() throws IOException {
        Path out = dir.resolve("lesion");
        Run r = run(tiny("lesion", out, "--steps", "3"));
        assertEquals(0, r.code(), r.err());
        JsonNode s = summary(out);
        for (JsonNode m : s.get("models")) {
            JsonNode l = m.get("lesion");
            assertNotNull(l, m.toString());
            assertEquals("test", l.get("data").asText());
            assertEquals(2, l.get("without_block").size());
        }
        Table lesion = Table.read().csv(out.resolve("lesion.csv").toFile());
        assertTrue(lesion.rowCount() > 0);
        assertTrue(Files.isRegularFile(out.resolve("lesion.png")));
        assertPngsDecode(out);
    }

    @Test
    void regressionDataGivesLossesButNoAccuracies() throws IOException {
        Path out = dir.resolve("teacher");
        Run r = run("compare", "--depth", "2", "--width", "4", "--data", "teacher", "--steps", "3", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode m = summary(out).get("models").get(0);
        assertTrue(m.has("final_train_loss"));
        assertFalse(m.has("final_train_accuracy"), m.toString());
    }

    @Test
    void runningTwiceIntoTheSameFolderReplacesTheFiles() throws IOException {
        Path out = dir.resolve("again");
        assertEquals(0, run(tiny("probe", out)).code());
        long before = Files.getLastModifiedTime(out.resolve("summary.json")).toMillis();
        assertEquals(0, run(tiny("probe", out)).code());
        assertTrue(Files.getLastModifiedTime(out.resolve("summary.json")).toMillis() >= before);
        assertNoTemporaryFiles(out);
    }

    @Test
    void interruptedRunStillWritesWhatItHasAndSaysSo() throws Exception {
        Path out = dir.resolve("interrupted");
        StringWriter o = new StringWriter(), err = new StringWriter();
        int[] code = {-1};
        Thread t = new Thread(() -> code[0] = Main.run(new PrintWriter(o), new PrintWriter(err),
            tiny("compare", out, "--steps", "1000000", "--probe-every", "1000")));
        t.start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!err.toString().contains("steps/s") && System.nanoTime() < deadline) Thread.sleep(50);   // a progress line is out: training runs
        t.interrupt();
        t.join(120_000);
        assertEquals(ExperimentCommand.INTERRUPTED, code[0], err.toString());
        assertTrue(err.toString().contains(": interrupted at step "), "the progress line says where it stopped: " + err);
        JsonNode s = summary(out);
        assertTrue(s.get("interrupted").asBoolean());
        assertEquals(1, s.get("models").size(), "the second model never started");
        assertEquals("interrupted", s.get("models").get(0).get("status").asText());
        assertTrue(Files.readString(out.resolve("index.html")).contains("Interrupted"));
        assertNoTemporaryFiles(out);
    }

    @Test
    void compareTrainsAResNetAndItsPlainTwinOnImages() throws IOException {
        Path out = dir.resolve("resnet");
        Run r = run("compare", "--model", "resnet", "--depth", "8", "--width", "2", "--shortcut", "b", "--data", "digits-images",
            "--steps", "3", "--batch", "16", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode s = summary(out);
        assertEquals("resnet", s.get("options").get("model").asText());
        assertEquals("b", s.get("options").get("shortcut").asText());
        List<String> names = new ArrayList<>();
        for (JsonNode m : s.get("models")) {
            names.add(m.get("name").asText());
            assertEquals(8, m.get("depth").asInt());
            assertEquals(2, m.get("width").asInt());
            assertEquals("projection", m.get("shortcut").asText());
            assertFalse(m.has("activation"), "a ResNet has no --activation: " + m);
            assertTrue(m.get("grad_ratio_first_to_last").asDouble() > 0, m.toString());
            assertEquals(3, m.get("steps_done").asInt());
        }
        assertEquals(List.of("plain8", "resnet8"), names);
        for (String f : List.of("grad-norms.png", "loss.png", "accuracy.png", "heat-maps.png", "probes.csv", "index.html")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f + " missing; files: " + list(out));
        }
        assertTrue(Files.readString(out.resolve("index.html")).contains("plain8 versus resnet8, digits-images"));
        assertPngsDecode(out);
    }

    @Test
    void compareTrainsTheTransformerVariantsOfAListSideBySide() throws IOException {
        Path out = dir.resolve("variants");
        Run r = run("compare", "--model", "transformer", "--depth", "1", "--width", "8", "--heads", "2", "--data", "task:reverse:2",
            "--variant", "no-skip,pre-ln,post-ln,rezero", "--steps", "2", "--batch", "16", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode s = summary(out);
        List<String> names = new ArrayList<>(), variants = new ArrayList<>();
        for (JsonNode m : s.get("models")) {
            names.add(m.get("name").asText());
            variants.add(m.get("variant").asText());
            assertEquals(4, m.get("context").asInt(), "the task's length: 2 digits, then the answer");
            assertEquals(11, m.get("vocab").asInt(), "ten digits and the separator");
        }
        assertEquals(List.of("transformer-no-skip-d1", "transformer-pre-ln-d1", "transformer-post-ln-d1", "transformer-rezero-d1"), names);
        assertEquals(List.of("no-skip", "pre-ln", "post-ln", "rezero"), variants);
        assertEquals("adam", s.get("experiment").get("optimizer").asText(), "a transformer's default optimizer");
        assertEquals("plain", s.get("models").get(0).get("block").asText());
        assertPngsDecode(out);
    }

    @Test
    void sweepTrainsResNetDepthsOfTheCifarFamily() throws IOException {
        Path out = dir.resolve("resnet-sweep");
        Run r = run("sweep", "--model", "resnet", "--depth", "8,14", "--width", "2", "--data", "digits-images", "--steps", "2",
            "--batch", "16", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> cells = new ArrayList<>();
        for (JsonNode m : summary(out).get("models")) cells.add(m.get("name").asText());
        assertEquals(List.of("plain8", "resnet8", "plain14", "resnet14"), cells);
        assertEquals("resnet", summary(out).get("experiment").get("model").asText());
        assertTrue(Files.isRegularFile(out.resolve("sweep-loss.png")));
        assertTrue(Files.readString(out.resolve("index.html")).contains("Depth sweep: resnet, base width 2, shortcut a"));
    }

    @Test
    void sweepOfTransformersTrainsTheResidualVariantAndItsNoSkipTwinAtEachDepth() throws IOException {
        Path out = dir.resolve("transformer-sweep");
        Run r = run("sweep", "--model", "transformer", "--depth", "1,2", "--width", "8", "--heads", "2", "--variant", "post-ln",
            "--data", "task:copy:2", "--steps", "2", "--batch", "16", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> cells = new ArrayList<>();
        for (JsonNode m : summary(out).get("models")) cells.add(m.get("name").asText());
        assertEquals(List.of("transformer-no-skip-d1", "transformer-post-ln-d1", "transformer-no-skip-d2", "transformer-post-ln-d2"), cells);
        assertEquals("[\"no-skip\",\"post-ln\"]", summary(out).get("options").get("variant").toString());
    }

    @Test
    void anInterruptedResNetComparisonStillWritesWhatItHas() throws Exception {
        Path out = dir.resolve("resnet-interrupted");
        StringWriter o = new StringWriter(), err = new StringWriter();
        int[] code = {-1};
        Thread t = new Thread(() -> code[0] = Main.run(new PrintWriter(o), new PrintWriter(err), "compare", "--model", "resnet", "--depth", "8",
            "--width", "2", "--data", "digits-images", "--batch", "16", "--steps", "1000000", "--probe-every", "1000", "--out", out.toString()));
        t.start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!err.toString().contains("steps/s") && System.nanoTime() < deadline) Thread.sleep(50);
        t.interrupt();
        t.join(120_000);
        assertEquals(ExperimentCommand.INTERRUPTED, code[0], err.toString());
        JsonNode s = summary(out);
        assertTrue(s.get("interrupted").asBoolean());
        assertEquals("plain8", s.get("models").get(0).get("name").asText());
        assertEquals("interrupted", s.get("models").get(0).get("status").asText());
        assertNoTemporaryFiles(out);
    }

    @Test
    void lesionOfConvNetsNotesThePlainBlocksThatChangeTheShape() throws IOException {
        Path out = dir.resolve("resnet-lesion");
        Run r = run("lesion", "--model", "resnet", "--depth", "8", "--width", "2", "--data", "digits-images", "--steps", "2",
            "--batch", "16", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode s = summary(out);
        assertEquals(1, s.get("models").get(0).get("lesion").get("without_block").size(), "plain8: only block1 keeps the shape");
        assertEquals(3, s.get("models").get(1).get("lesion").get("without_block").size(), "resnet8: every block");
        JsonNode notes = s.get("lesion_notes");
        assertEquals(4, notes.size(), notes.toString());
        assertTrue(notes.get(0).asText().contains("cannot be removed"), notes.toString());
        assertTrue(Files.readString(out.resolve("index.html")).contains("cannot be removed"), "the notes are in index.html");
        assertTrue(Files.isRegularFile(out.resolve("lesion.png")));
        assertPngsDecode(out);
    }

    @Test
    void lesionOfTransformersRemovesOneLayerAtATime() throws IOException {
        Path out = dir.resolve("transformer-lesion");
        Run r = run("lesion", "--model", "transformer", "--depth", "2", "--width", "8", "--heads", "2", "--data", "task:sort:2",
            "--steps", "2", "--batch", "16", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        for (JsonNode m : summary(out).get("models")) assertEquals(2, m.get("lesion").get("without_block").size(), m.toString());
        assertEquals(0, summary(out).get("lesion_notes").size());
    }

    @Test
    void probeReadsATextFileIntoCharacterSequences() throws IOException {
        Path text = dir.resolve("poem.txt"), out = dir.resolve("text");
        Files.writeString(text, "the quick brown fox jumps over the lazy dog. ".repeat(20));
        Run r = run("probe", "--model", "transformer", "--depth", "2", "--width", "8", "--heads", "2", "--context", "16",
            "--data", "text:" + text, "--test-fraction", "0.1", "--batch", "8", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode s = summary(out);
        assertEquals(2, s.get("models").size(), "the no-skip and the pre-LN transformer");
        for (JsonNode m : s.get("models")) {
            assertEquals(16, m.get("context").asInt());
            assertEquals(28, m.get("vocab").asInt(), "the pangram's 26 letters, the space and the full stop: " + m);
            assertEquals(0, m.get("weight_grad_step").asInt());
        }
        assertTrue(Files.isRegularFile(out.resolve("grad-norms.png")));
    }

    @Test
    void fashionMnistGivesImagesPerClassForTrainingAndATenthAsManyForTesting() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.residuallab.data.FashionMnist.available(org.residuallab.data.FashionMnist.folder()),
            "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        Path out = dir.resolve("fashion");
        Run r = run("compare", "--model", "resnet", "--depth", "8", "--width", "2", "--block", "residual", "--data", "fashion-mnist:20",
            "--steps", "2", "--batch", "16", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode e = summary(out).get("experiment");
        assertEquals("fashion-mnist", e.get("train_data").asText());
        assertEquals("fashion-mnist-test", e.get("test_data").asText());
        assertEquals(1, summary(out).get("models").size());
        Table curves = Table.read().csv(out.resolve("curves.csv").toFile());
        assertTrue(curves.rowCount() > 0);
    }

    private static void assertPngsDecode(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".png")).toList()) {
                BufferedImage img = ImageIO.read(p.toFile());
                assertNotNull(img, p + " is not a PNG");
                assertTrue(img.getWidth() >= 400 && img.getHeight() >= 300, p + " is " + img.getWidth() + "x" + img.getHeight());
            }
        }
    }

    private static void assertNoTemporaryFiles(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            List<String> tmp = files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".") || n.endsWith(".tmp")).toList();
            assertTrue(tmp.isEmpty(), "left behind: " + tmp);
        }
    }

    private static List<String> list(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
