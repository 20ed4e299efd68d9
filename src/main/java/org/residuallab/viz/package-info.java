/**
 * Plots of residual-lab (XChart; PNG and SVG): the signature gradient-norm-by-layer plot, layer × step
 * heat maps, per-layer histograms, update:data ratios, training curves, depth sweeps, lesion bars and
 * panels of several charts. Start at {@link org.residuallab.viz.Plots}. Plain models are always
 * vermillion and residual models always blue ({@link org.residuallab.viz.Palette}, Okabe–Ito).
 * <pre>
 * Plots.gradientNormByLayer(result.probes()).save(Path.of("out/grad-norms.png"));
 * display(Plots.gradientHeatMap(result.probes()).model("plain-sigmoid-d20").toImage());   // in a notebook
 * </pre>
 */
package org.residuallab.viz;
