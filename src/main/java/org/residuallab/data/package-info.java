/**
 * Datasets: a {@link org.residuallab.data.Dataset} holds features (N, ...) and labels (one per example,
 * or one per position for sequences) or regression targets; {@link org.residuallab.data.Datasets} makes
 * seeded synthetic sets (spirals, circles, XOR, checkerboard, teacher network) and loads the bundled
 * digits (UCI, E. Alpaydin and C. Kaynak 1998, CC BY 4.0); {@link org.residuallab.data.CsvLoader} reads
 * your own CSV; {@link org.residuallab.data.SequenceTasks} makes seeded copy, reverse, sort and modular
 * addition tasks and {@link org.residuallab.data.CharText} character-level text from a UTF-8 file, for
 * transformers. Splits are stratified and seeded; {@link org.residuallab.data.Batches} shuffle with a
 * seed, so every model sees the same batches.
 */
package org.residuallab.data;
