package org.residuallab.nn;

/**
 * Causal scaled dot-product attention as plain loops: the reference path of {@link CausalSelfAttention},
 * written as llm.c writes {@code attention_forward} / {@code attention_backward}. The fast path
 * ({@link org.residuallab.nn.fast.AttentionKernels}) computes the same with matrix products; a test
 * proves the two agree. Arrays are row-major: head h of position t reads its query at
 * qkv[b, t, h·hs .. h·hs+hs), its key C further on and its value 2C further on.
 */
public final class Attention {
    private Attention() {}

    /**
     * qkv (B, T, 3C) -> att (B, nh, T, T) the attention weights (saved for backward), y (B, T, C) the
     * heads' outputs side by side. For each head: att[t, s] = softmax_s≤t(q_t·k_s / √hs), y_t = Σ_s att[t, s]·v_s.
     */
    public static void forward(double[] qkv, double[] att, double[] y, int B, int T, int C, int nh) {
        int hs = C / nh;
        double scale = 1.0 / Math.sqrt(hs);
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < nh; h++) {
                for (int t = 0; t < T; t++) {
                    int q = (b * T + t) * 3 * C + h * hs;           // q_t
                    int row = ((b * nh + h) * T + t) * T;           // att[b, h, t, :]
                    double max = Double.NEGATIVE_INFINITY;
                    for (int s = 0; s <= t; s++) {                  // only s ≤ t: the causal mask
                        int k = (b * T + s) * 3 * C + C + h * hs;   // k_s
                        double dot = 0;
                        for (int i = 0; i < hs; i++) dot += qkv[q + i] * qkv[k + i];
                        att[row + s] = dot * scale;                 // q_t·k_s / √hs
                        max = Math.max(max, att[row + s]);
                    }
                    double sum = 0;
                    for (int s = 0; s <= t; s++) sum += att[row + s] = Math.exp(att[row + s] - max);
                    for (int s = 0; s < T; s++) att[row + s] = s <= t ? att[row + s] / sum : 0; // softmax; 0 for s > t
                    int out = (b * T + t) * C + h * hs;             // y[b, t, head h]
                    for (int i = 0; i < hs; i++) y[out + i] = 0;
                    for (int s = 0; s <= t; s++) {
                        int v = (b * T + s) * 3 * C + 2 * C + h * hs; // v_s
                        for (int i = 0; i < hs; i++) y[out + i] += att[row + s] * qkv[v + i]; // y_t = Σ_s att[t, s]·v_s
                    }
                }
            }
        }
    }

    /**
     * dY (B, T, C), qkv (B, T, 3C), att (B, nh, T, T) -> dQkv (B, T, 3C), overwritten. For each head:
     * dAtt[t, s] = dY_t·v_s, dv_s += att[t, s]·dY_t, dPre[t, s] = att[t, s]·(dAtt[t, s] − Σ_s' att[t, s']·dAtt[t, s']),
     * dq_t += dPre[t, s]·k_s / √hs, dk_s += dPre[t, s]·q_t / √hs.
     */
    public static void backward(double[] dY, double[] qkv, double[] att, double[] dQkv, int B, int T, int C, int nh) {
        int hs = C / nh;
        double scale = 1.0 / Math.sqrt(hs);
        java.util.Arrays.fill(dQkv, 0, B * T * 3 * C, 0);
        double[] dAtt = new double[T];
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < nh; h++) {
                for (int t = 0; t < T; t++) {
                    int q = (b * T + t) * 3 * C + h * hs, row = ((b * nh + h) * T + t) * T, out = (b * T + t) * C + h * hs;
                    double dot = 0;
                    for (int s = 0; s <= t; s++) {
                        int v = (b * T + s) * 3 * C + 2 * C + h * hs;
                        dAtt[s] = 0;
                        for (int i = 0; i < hs; i++) {
                            dAtt[s] += dY[out + i] * qkv[v + i];            // dAtt[t, s] = dY_t·v_s
                            dQkv[v + i] += att[row + s] * dY[out + i];      // dv_s += att[t, s]·dY_t
                        }
                        dot += att[row + s] * dAtt[s];                     // Σ_s att[t, s]·dAtt[t, s]
                    }
                    for (int s = 0; s <= t; s++) {
                        double dPre = att[row + s] * (dAtt[s] - dot) * scale; // softmax backward, and the 1/√hs
                        int k = (b * T + s) * 3 * C + C + h * hs;
                        for (int i = 0; i < hs; i++) {
                            dQkv[q + i] += dPre * qkv[k + i];              // dq_t += dPre[t, s]·k_s
                            dQkv[k + i] += dPre * qkv[q + i];              // dk_s += dPre[t, s]·q_t
                        }
                    }
                }
            }
        }
    }
}
