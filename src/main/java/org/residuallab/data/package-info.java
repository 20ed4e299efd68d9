/**
 * Datasets: a {@link org.residuallab.data.Dataset} holds features (N, d) and labels or regression
 * targets; {@link org.residuallab.data.Datasets} makes seeded synthetic sets (spirals, circles, XOR,
 * checkerboard, teacher network) and loads the bundled digits (UCI, E. Alpaydin and C. Kaynak 1998,
 * CC BY 4.0); {@link org.residuallab.data.CsvLoader} reads your own CSV. Splits are stratified and
 * seeded; {@link org.residuallab.data.Batches} shuffle with a seed, so every model sees the same batches.
 */
package org.residuallab.data;
