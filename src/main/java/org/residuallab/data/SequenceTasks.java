package org.residuallab.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.MemoryGuard;
import org.residuallab.nn.Shapes;

/**
 * Seeded algorithmic tasks for a decoder-only model, as next-token prediction with one label per position.
 * The digit tasks read L digits, a separator '|', then answer with L digits: the model sees
 * x₁ … x_L | y₁ … y_{L−1} (2L tokens) and must predict y₁ … y_L at the last L positions; the first L
 * positions (predicting the random digits themselves) are labelled -1 and do not count.
 * <pre>Dataset d = SequenceTasks.reverse(2000, 4, 42);   // "3 1 4 1 | 1 4 1 3", vocabulary 0-9 and '|'
 * Split s = d.split(0.2, 42);</pre>
 */
public final class SequenceTasks {
    /** The separator token of the digit tasks ('|'), after the ten digits. */
    public static final int SEPARATOR = 10;

    private SequenceTasks() {}

    /** y = x: copy L digits. */
    public static Dataset copy(int n, int length, long seed) {
        return digits("copy", n, length, seed, x -> x.clone());
    }

    /** y = x backwards. */
    public static Dataset reverse(int n, int length, long seed) {
        return digits("reverse", n, length, seed, x -> {
            int[] y = new int[x.length];
            for (int i = 0; i < x.length; i++) y[i] = x[x.length - 1 - i];
            return y;
        });
    }

    /** y = x sorted ascending. */
    public static Dataset sort(int n, int length, long seed) {
        return digits("sort", n, length, seed, x -> {
            int[] y = x.clone();
            Arrays.sort(y);
            return y;
        });
    }

    /**
     * Modular addition (Power et al. 2022, "grokking"): every pair a, b in 0..p−1 once, as the tokens
     * a + b = (4 positions; '+' is token p, '=' token p + 1); the label of the last position is (a + b) mod p,
     * the others are -1. Split it with a seed to choose the pairs to learn from.
     */
    public static Dataset modularAddition(int modulus) {
        Shapes.require(modulus >= 2, "modulus p", modulus, ">= 2");
        Shapes.require((long) modulus * modulus <= 1_000_000, "modulus p", modulus, "at most 1000 (p² pairs)");
        int n = modulus * modulus, plus = modulus, equals = modulus + 1;
        float[] tokens = new float[n * 4];
        int[][] labels = new int[n][];
        for (int a = 0, i = 0; a < modulus; a++) {
            for (int b = 0; b < modulus; b++, i++) {
                tokens[4 * i] = a;
                tokens[4 * i + 1] = plus;
                tokens[4 * i + 2] = b;
                tokens[4 * i + 3] = equals;
                labels[i] = new int[] {-1, -1, -1, (a + b) % modulus};
            }
        }
        List<String> names = numbers(modulus);
        names.add("+");
        names.add("=");
        return Dataset.sequences("mod-add-" + modulus, Nd4j.create(tokens, new long[] {n, 4}, 'c'), labels, modulus + 2, names);
    }

    private static Dataset digits(String task, int n, int length, long seed, java.util.function.UnaryOperator<int[]> answer) {
        Shapes.require(n >= 1, "n (number of sequences)", n, ">= 1");
        Shapes.require(length >= 1, "sequence length L", length, ">= 1");
        Random rng = new Random(seed);
        MemoryGuard.requireData(task + "-" + length + " (" + n + " sequences of " + 2L * length + " tokens)", 2.0 * n * 2 * length,
                "Use fewer sequences (n = " + n + ") or shorter ones (L = " + length + ")");
        int t = 2 * length;
        float[] tokens = new float[n * t];
        int[][] labels = new int[n][t];
        for (int i = 0; i < n; i++) {
            int[] x = new int[length];
            for (int j = 0; j < length; j++) x[j] = rng.nextInt(10);
            int[] y = answer.apply(x);
            for (int j = 0; j < length; j++) {
                tokens[i * t + j] = x[j];                                            // x₁ … x_L
                tokens[i * t + length + j] = j == 0 ? SEPARATOR : y[j - 1];          // | y₁ … y_{L−1}
                labels[i][j] = -1;                                                   // predicting x: does not count
                labels[i][length + j] = y[j];                                        // predicting y_j
            }
        }
        List<String> names = numbers(10);
        names.add("|");
        return Dataset.sequences(task + "-" + length, Nd4j.create(tokens, new long[] {n, t}, 'c'), labels, 11, names);
    }

    private static List<String> numbers(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) names.add(Integer.toString(i));
        return names;
    }
}
