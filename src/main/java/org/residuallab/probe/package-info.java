/**
 * Gradient probes: hooks on a model's layers that record, every k-th training step, how gradients and
 * activations behave layer by layer, into one tidy Tablesaw table.
 * <pre>try (ProbeSession probes = Probes.all().every(10).run("demo").attach(model)) {
 *     Trainer.of(config).fit(model, split);
 *     Table t = probes.table();              // run, model, depth, step, layer, layer_index, metric, value
 *     Table h = probes.histogramTable();     // run, model, depth, step, layer, layer_index, kind, bin, bin_lo, bin_hi, count
 *     GradientSummary g = probes.gradientSummary();   // weight_grad_norm_by_layer, grad_ratio_first_to_last
 * }</pre>
 * A probe of your own is a {@link org.residuallab.probe.Probe}: {@code onForward}, {@code onBackward}
 * and {@code onStep}, each optional, recording through a {@link org.residuallab.probe.ProbeContext};
 * the built-in probes ({@link org.residuallab.probe.GradientNorms}, {@link org.residuallab.probe.ActivationStats},
 * {@link org.residuallab.probe.UpdateRatio}, {@link org.residuallab.probe.Histograms},
 * {@link org.residuallab.probe.ResidualResponse}, {@link org.residuallab.probe.GradDataRatio}) are written the same way.
 *
 * <h2>What layer and layer_index mean</h2>
 * A <em>unit</em> is a top-level layer of the model ({@code model.net().children()}); {@code layer_index}
 * is its position. For {@code Models.mlp(depth, ...)}: 0 is the stem Dense ({@code dense1}), 1..depth the
 * hidden blocks ({@code block1}..), depth + 1 the head ({@code head}: activation → Dense). {@code layer} is a path in the
 * model: the unit itself ({@code block3}) for unit metrics, an activation layer inside it
 * ({@code block3/body/sigmoid1}) for {@code act_*}, or a parameter ({@code block3/body/dense1/W}) for
 * {@code param_grad_*} and {@code update_ratio_log10}; every row carries its unit's {@code layer_index}.
 * The metric names are listed in {@link org.residuallab.probe.ProbeMetrics}.
 *
 * <h2>Convolutional nets</h2>
 * The same probes work on (B, C, H, W) images: a convolution's filter bank W (O, C, k, k) is a weight like a
 * Dense matrix, statistics count every pixel, and a ReLU <em>channel</em> is dead when no pixel of any image in
 * the batch makes it positive. The units of a CIFAR ResNet are its stem's conv, BN and ReLU, its blocks and its
 * head; {@link org.residuallab.probe.ProbeTables#units} says which stage each unit belongs to (join on
 * {@code layer_index}), {@link org.residuallab.probe.ProbeTables#byStage} averages a metric over each stage's
 * blocks, and the gradient charts mark the stages ({@code Plots.gradientHeatMaps(probes, metric, units)}).
 *
 * <h2>Steps and cost</h2>
 * The step is the model's counter ({@code Model.steps() - 1} while {@code lossAndBackward} runs), so any
 * training loop works. Only training-mode passes are recorded, once per step. The statistics are
 * computed inside the hooks, on the training thread, at the recorded steps (the update ratio also at the
 * step after each): a step in between costs a few checks per hook. Means, standard deviations and norms of
 * large float32 arrays are BLAS level-1 calls on the arrays where they lie; counts and histograms are Java
 * loops over a copy ({@code Stats}). Records are kept for at most {@code maxSteps} steps (histograms:
 * {@code maxHistogramSteps}); beyond that the interval doubles and rows off the new grid are dropped, so
 * memory stays bounded.
 */
package org.residuallab.probe;
