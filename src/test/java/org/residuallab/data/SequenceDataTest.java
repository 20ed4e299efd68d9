package org.residuallab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Sequence tasks, character-level text, and datasets of any rank. */
class SequenceDataTest {
    @TempDir
    Path dir;

    private static int[] row(INDArray a, int i) {
        return Arrays.stream(a.getRow(i).dup().toDoubleVector()).mapToInt(d -> (int) d).toArray();
    }

    @Test
    void reverseTaskReadsDigitsThenAnswersThemBackwards() {
        Dataset d = SequenceTasks.reverse(5, 4, 1);
        assertArrayEquals(new long[] {8}, d.exampleShape());
        assertEquals(4 + 4, d.positions());
        assertEquals(11, d.outputs());
        int[] x = row(d.features(), 2), y = row(d.targets(), 2);
        assertEquals(SequenceTasks.SEPARATOR, x[4]);
        for (int j = 0; j < 4; j++) {
            assertEquals(-1, y[j], "predicting the question does not count");
            assertEquals(x[3 - j], y[4 + j], "answer digit " + j);
            if (j > 0) assertEquals(y[4 + j - 1], x[4 + j], "the input is the answer shifted by one (teacher forcing)");
        }
    }

    static Stream<Arguments> digitTasks() {
        return Stream.of(Arguments.of("copy", (Supplier<Dataset>) () -> SequenceTasks.copy(50, 5, 3), (java.util.function.UnaryOperator<int[]>) x -> x),
                Arguments.of("sort", (Supplier<Dataset>) () -> SequenceTasks.sort(50, 5, 3), (java.util.function.UnaryOperator<int[]>) x -> {
                    int[] s = x.clone();
                    Arrays.sort(s);
                    return s;
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("digitTasks")
    void digitTasksLabelTheAnswerPositions(String name, Supplier<Dataset> make, java.util.function.UnaryOperator<int[]> answer) {
        Dataset d = make.get();
        for (int i = 0; i < d.size(); i++) {
            int[] x = row(d.features(), i), y = row(d.targets(), i);
            assertArrayEquals(answer.apply(Arrays.copyOf(x, 5)), Arrays.copyOfRange(y, 5, 10));
        }
        assertEquals(d.features(), make.get().features(), "seeded");
    }

    @Test
    void modularAdditionHoldsEveryPairOnceWithTheSumAtTheEnd() {
        Dataset d = SequenceTasks.modularAddition(7);
        assertEquals(49, d.size());
        assertEquals(9, d.outputs());
        int[] x = row(d.features(), 7 * 5 + 4), y = row(d.targets(), 7 * 5 + 4);
        assertArrayEquals(new int[] {5, 7, 4, 8}, x, "5 + 4 =");
        assertArrayEquals(new int[] {-1, -1, -1, 2}, y, "9 mod 7");
        assertEquals("=", d.classNames().get(8));
    }

    @Test
    void sequenceLengthBelowOneIsANamedError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SequenceTasks.copy(10, 0, 1));
        assertTrue(e.getMessage().contains("sequence length"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CharText.of("t", "abcabc", 0, 0.2, 256));
        assertTrue(e.getMessage().contains("sequence length"), e.getMessage());
    }

    @Test
    void charTextBuildsItsVocabularyAndPredictsTheNextCharacter() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200; i++) sb.append(i % 3 == 0 ? "to be or not to be, " : "that is the question – ");
        Path file = dir.resolve("play.txt");
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        CharText text = CharText.read(file, 16, 0.1);
        assertEquals(sb.codePoints().distinct().count(), text.vocab());
        assertEquals("–", text.characters().get(text.vocab() - 1), "code-point order: the dash comes last");
        assertEquals("to be", text.decode(text.encode("to be")));
        Dataset train = text.train();
        int[] x = row(train.features(), 3), y = row(train.targets(), 3);
        assertArrayEquals(Arrays.copyOfRange(x, 1, 16), Arrays.copyOfRange(y, 0, 15), "labels are the inputs shifted by one");
        int chars = sb.length(), cut = (int) Math.round(chars * 0.9);
        assertEquals((cut - 1) / 16, train.size());
        assertEquals((chars - cut - 1) / 16, text.validation().size());
        assertEquals(text.decode(x).substring(1), text.decode(y).substring(0, 15));
    }

    @Test
    void badTextInputIsANamedError() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CharText.read(dir.resolve("missing.txt"), 8, 0.1));
        assertTrue(e.getMessage().contains("missing.txt") && e.getMessage().contains("does not exist"), e.getMessage());
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        e = assertThrows(IllegalArgumentException.class, () -> CharText.read(empty, 8, 0.1));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        StringBuilder wide = new StringBuilder();
        for (int c = 0x4E00; c < 0x4E00 + 300; c++) wide.appendCodePoint(c);
        Path cjk = Files.writeString(dir.resolve("cjk.txt"), wide.toString().repeat(3), StandardCharsets.UTF_8);
        e = assertThrows(IllegalArgumentException.class, () -> CharText.read(cjk, 8, 0.1));
        assertTrue(e.getMessage().contains("300 distinct characters") && e.getMessage().contains("256"), e.getMessage());
        assertEquals(300, CharText.read(cjk, 8, 0.1, 300).vocab());
        Path invalid = Files.write(dir.resolve("latin1.txt"), new byte[] {'a', (byte) 0xE9, 'b'});
        e = assertThrows(IllegalArgumentException.class, () -> CharText.read(invalid, 8, 0.1));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CharText.of("short", "abcdefghij", 8, 0.1, 256));
        assertTrue(e.getMessage().contains("too short"), e.getMessage());
    }

    @Test
    void imagesAreExamplesOfAnyRankWithOneLabelEach() {
        INDArray images = Nd4j.rand(DataType.FLOAT, 6, 1, 4, 4);
        Dataset d = Dataset.classification("images", images, new int[] {0, 1, 2, 0, 1, 2}, 3);
        assertArrayEquals(new long[] {1, 4, 4}, d.exampleShape());
        assertEquals(16, d.width());
        Dataset two = d.rows(new int[] {4, 1});
        assertArrayEquals(new long[] {2, 1, 4, 4}, two.features().shape());
        assertEquals(images.get(org.nd4j.linalg.indexing.NDArrayIndex.point(4)), two.features().get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)));
        assertArrayEquals(new int[] {1, 1}, two.labels());
        Batches.Batch b = d.batches(4, 1).next();
        assertArrayEquals(new long[] {4, 1, 4, 4}, b.x().shape());
        assertEquals(4, b.size());
        assertEquals(3, d.split(0.34, 1).test().size(), "stratified: one image of each class");
    }

    @Test
    void sequenceBatchesCarryALabelPerPosition() {
        Dataset d = SequenceTasks.copy(20, 3, 1);
        Batches.Batch b = d.batches(8, 2).next();
        assertArrayEquals(new long[] {8, 6}, b.x().shape());
        assertArrayEquals(new long[] {8, 6}, b.y().shape());
        Split s = d.split(0.25, 3);
        assertEquals(15, s.train().size());
        assertEquals(5, s.test().size());
        assertEquals(15 * 6, s.train().labels().length);
    }
}
