package org.residuallab.probe;

/**
 * The metric names in a probe table, and what {@code layer} means for each. A unit is a top-level
 * layer of the model (for {@code Models.mlp}: stem = layer_index 0, hidden blocks 1..depth, head
 * depth + 1; for a CIFAR ResNet of depth 6n + 2: the stem's conv, BN and ReLU 0..2, the 3n blocks 3..3n + 2, the
 * head 3n + 3);
 * {@code layer} is a path in the model. Statistics of activations and gradients count every element,
 * whatever the rank: (B, F), (B, T, F) or (B, C, H, W). {@link ProbeTables#units} says which stage each
 * unit belongs to.
 *
 * <table>
 * <caption>Metrics</caption>
 * <tr><th>metric</th><th>layer</th><th>meaning</th></tr>
 * <tr><td>out_grad_l2, out_grad_mean_abs, out_grad_std, out_grad_max_abs</td><td>unit (block3)</td>
 *     <td>the back-propagated gradient dL/dh at the unit's output</td></tr>
 * <tr><td>weight_grad_l2, _mean_abs, _std, _max_abs</td><td>unit</td>
 *     <td>dL/dW pooled over the unit's weights W: Dense matrices and convolution filter banks (O, C, k, k), not biases, γ or β</td></tr>
 * <tr><td>param_grad_l2, _mean_abs, _std, _max_abs</td><td>parameter (block3/body/dense1/W)</td>
 *     <td>the gradient of each trainable parameter</td></tr>
 * <tr><td>out_mean, out_std</td><td>unit</td><td>the unit's output h</td></tr>
 * <tr><td>act_mean, act_std</td><td>activation layer (block3/body/sigmoid1)</td><td>the activation's output</td></tr>
 * <tr><td>act_saturation</td><td>sigmoid or tanh layer</td><td>fraction with |tanh| &gt; 0.97, or sigmoid outside [0.03, 0.97]</td></tr>
 * <tr><td>act_dead</td><td>ReLU or leaky ReLU layer</td><td>dead ReLUs: on (B, F) or (B, T, F), the fraction of units never
 *     positive over the batch (and positions); on images (B, C, H, W), the fraction of <em>channels</em> never positive
 *     over the batch and all H·W pixels (a channel is one filter's output: it is dead when no pixel of any image
 *     makes it positive)</td></tr>
 * <tr><td>update_ratio_log10</td><td>parameter</td><td>log10(std(W after step − W before) / std(W before))</td></tr>
 * <tr><td>branch_std</td><td>block</td><td>std of the branch output F(x), He et al. 2015 Fig. 7</td></tr>
 * </table>
 */
public final class ProbeMetrics {
    private ProbeMetrics() {}

    public static final String OUT_GRAD_L2 = "out_grad_l2";
    public static final String OUT_GRAD_MEAN_ABS = "out_grad_mean_abs";
    public static final String OUT_GRAD_STD = "out_grad_std";
    public static final String OUT_GRAD_MAX_ABS = "out_grad_max_abs";
    public static final String WEIGHT_GRAD_L2 = "weight_grad_l2";
    public static final String WEIGHT_GRAD_MEAN_ABS = "weight_grad_mean_abs";
    public static final String WEIGHT_GRAD_STD = "weight_grad_std";
    public static final String WEIGHT_GRAD_MAX_ABS = "weight_grad_max_abs";
    public static final String PARAM_GRAD_L2 = "param_grad_l2";
    public static final String PARAM_GRAD_MEAN_ABS = "param_grad_mean_abs";
    public static final String PARAM_GRAD_STD = "param_grad_std";
    public static final String PARAM_GRAD_MAX_ABS = "param_grad_max_abs";
    public static final String OUT_MEAN = "out_mean";
    public static final String OUT_STD = "out_std";
    public static final String ACT_MEAN = "act_mean";
    public static final String ACT_STD = "act_std";
    public static final String ACT_SATURATION = "act_saturation";
    public static final String ACT_DEAD = "act_dead";
    public static final String UPDATE_RATIO_LOG10 = "update_ratio_log10";
    public static final String BRANCH_STD = "branch_std";

    /** Histogram kinds: the activation layers' outputs, dL/dh at unit outputs, dL/dW of weight matrices. */
    public static final String HIST_ACTIVATION = "activation";
    public static final String HIST_OUT_GRAD = "out_grad";
    public static final String HIST_WEIGHT_GRAD = "weight_grad";

    /** The four numbers of a gradient, in the order of {@code Stats.summary}: L2 norm, mean |.|, std, max |.|. */
    static final String[] OUT_GRAD = {OUT_GRAD_L2, OUT_GRAD_MEAN_ABS, OUT_GRAD_STD, OUT_GRAD_MAX_ABS};
    static final String[] WEIGHT_GRAD = {WEIGHT_GRAD_L2, WEIGHT_GRAD_MEAN_ABS, WEIGHT_GRAD_STD, WEIGHT_GRAD_MAX_ABS};
    static final String[] PARAM_GRAD = {PARAM_GRAD_L2, PARAM_GRAD_MEAN_ABS, PARAM_GRAD_STD, PARAM_GRAD_MAX_ABS};
}
