package org.residuallab.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.MemoryGuard;
import org.residuallab.nn.Shapes;

/**
 * Character-level language modelling on a UTF-8 text (Karpathy's char-rnn and nanoGPT's shakespeare_char):
 * the vocabulary is the text's distinct characters in code-point order; the first part of the text is for
 * training, the rest for validation (a split by position, so no window straddles both). Each example is a
 * window of T characters and its labels the next character at each position.
 * <pre>CharText text = CharText.read(Path.of("input.txt"), 64, 0.1);
 * Model m = Models.transformer(4, 128, 4, text.vocab(), 64, Variant.PRE_LN);
 * Trainer.of(config).fit(m, text.split());</pre>
 */
public final class CharText {
    /** The most distinct characters a text may have unless told otherwise. */
    public static final int MAX_VOCAB = 256;

    private final List<String> characters;   // token id -> character
    private final Map<Integer, Integer> ids;  // code point -> token id
    private final Split split;

    private CharText(List<String> characters, Map<Integer, Integer> ids, Split split) {
        this.characters = characters;
        this.ids = ids;
        this.split = split;
    }

    /** Reads a UTF-8 text file: windows of {@code length} characters, the last {@code validationFraction} for validation. */
    public static CharText read(Path file, int length, double validationFraction) {
        return read(file, length, validationFraction, MAX_VOCAB);
    }

    public static CharText read(Path file, int length, double validationFraction, int maxVocab) {
        if (file == null) throw new IllegalArgumentException("text file: the path must not be null");
        if (!Files.exists(file)) throw new IllegalArgumentException("text file '" + file + "' does not exist");
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("text file '" + file + "' is not a file");
        String text;
        try {   // the text as a string, its code points and tokens, then the windows: about 20 bytes per character
            MemoryGuard.require(MemoryGuard.Where.HEAP, "text file '" + file + "'", 20.0 * Files.size(file), "the text and its windows", "Use a shorter text");
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("text file '" + file + "' is not valid UTF-8", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read text file '" + file + "'", e);
        }
        return of("text file '" + file + "'", file.getFileName().toString(), text, length, validationFraction, maxVocab);
    }

    /** The same from a string in memory; {@code name} names the datasets. */
    public static CharText of(String name, String text, int length, double validationFraction, int maxVocab) {
        return of("text '" + name + "'", name, text, length, validationFraction, maxVocab);
    }

    private static CharText of(String what, String name, String text, int length, double validationFraction, int maxVocab) {
        Shapes.require(length >= 1, "sequence length T", length, ">= 1");
        Shapes.require(validationFraction > 0 && validationFraction < 1, "validationFraction", validationFraction, "in (0, 1)");
        Shapes.require(maxVocab >= 2, "maxVocab", maxVocab, ">= 2");
        if (text == null || text.isEmpty()) throw new IllegalArgumentException(what + " is empty");
        int[] points = text.codePoints().toArray();
        TreeSet<Integer> distinct = new TreeSet<>();
        for (int p : points) distinct.add(p);
        if (distinct.size() > maxVocab) {
            throw new IllegalArgumentException(what + " has " + distinct.size() + " distinct characters, more than the limit of "
                    + maxVocab + "; raise maxVocab or use a text with a smaller alphabet");
        }
        if (distinct.size() < 2) throw new IllegalArgumentException(what + " has only one distinct character: nothing to predict");
        List<String> characters = new ArrayList<>();
        Map<Integer, Integer> ids = new HashMap<>();
        for (int p : distinct) {
            ids.put(p, characters.size());
            characters.add(new String(Character.toChars(p)));
        }
        int[] tokens = new int[points.length];
        for (int i = 0; i < points.length; i++) tokens[i] = ids.get(points[i]);
        int cut = (int) Math.round(points.length * (1 - validationFraction));
        Dataset train = windows(what, name + "-train", tokens, 0, cut, length, characters);
        Dataset validation = windows(what, name + "-validation", tokens, cut, points.length, length, characters);
        return new CharText(List.copyOf(characters), Map.copyOf(ids), new Split(train, validation));
    }

    // windows x = tokens[i, i+T), labels = tokens[i+1, i+T+1) for i = from, from+T, ... within [from, to)
    private static Dataset windows(String what, String name, int[] tokens, int from, int to, int t, List<String> characters) {
        int n = (to - from - 1) / t;
        MemoryGuard.requireData(what + " (" + n + " windows of " + t + " characters)", 2.0 * n * t, "Use a shorter text or sequence length");
        if (n < 1) {
            throw new IllegalArgumentException(what + " is too short: its " + (name.endsWith("train") ? "training" : "validation")
                    + " part has " + (to - from) + " characters, but one sequence of length " + t + " needs " + (t + 1));
        }
        float[] x = new float[n * t];
        int[][] labels = new int[n][t];
        for (int e = 0; e < n; e++) {
            for (int j = 0; j < t; j++) {
                x[e * t + j] = tokens[from + e * t + j];
                labels[e][j] = tokens[from + e * t + j + 1];
            }
        }
        return Dataset.sequences(name, Nd4j.create(x, new long[] {n, t}, 'c'), labels, characters.size(), characters);
    }

    /** The training and validation windows. */
    public Split split() {
        return split;
    }

    public Dataset train() {
        return split.train();
    }

    public Dataset validation() {
        return split.test();
    }

    /** The number of distinct characters: the model's vocabulary. */
    public int vocab() {
        return characters.size();
    }

    /** The characters in token-id order. */
    public List<String> characters() {
        return characters;
    }

    /** Token ids of a string; throws for a character outside the vocabulary. */
    public int[] encode(String s) {
        return s.codePoints().map(p -> {
            Integer id = ids.get(p);
            if (id == null) throw new IllegalArgumentException("character '" + new String(Character.toChars(p)) + "' is not in the vocabulary");
            return id;
        }).toArray();
    }

    /** The string of these token ids. */
    public String decode(int... tokens) {
        StringBuilder sb = new StringBuilder();
        for (int t : tokens) {
            if (t < 0 || t >= characters.size()) throw new IllegalArgumentException("token " + t + " is outside 0.." + (characters.size() - 1));
            sb.append(characters.get(t));
        }
        return sb.toString();
    }
}
