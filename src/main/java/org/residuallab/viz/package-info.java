/**
 * Plots of residual-lab (XChart; PNG and SVG): the signature gradient-norm-by-layer plot, layer × step
 * heat maps, per-layer histograms, update:data ratios, training curves, depth sweeps, lesion bars, charts of
 * experiment results and panels of several charts. One rule: every chart starts at a static factory of
 * {@link org.residuallab.viz.Plots}, which returns a public builder {@code XxxPlot} (a
 * {@link org.residuallab.viz.PlotBuilder}) or a finished chart; what paints beyond XChart ({@code XxxChart}:
 * heat map cells, lesion reference lines) is package-private, and callers see an {@code XYChart} or a
 * {@code CategoryChart}. Plain models are always vermillion and residual models always blue
 * ({@link org.residuallab.viz.Palette}, Okabe–Ito).
 * <pre>
 * Plots.gradientNormByLayer(result.probes()).save(Path.of("out/grad-norms.png"));
 * display(Plots.gradientHeatMap(result.probes()).model("plain-sigmoid-d20").toImage());   // in a notebook
 * </pre>
 */
package org.residuallab.viz;
