/**
 * The engine under the layers: matrix products called straight into OpenBLAS ({@link org.residuallab.nn.fast.Blas}),
 * element-wise loops over plain Java arrays ({@link org.residuallab.nn.fast.Kernels}), oneDNN's convolutions and
 * vectorised GELU, LayerNorm, softmax and ReLU backward where ND4J's build loads oneDNN ({@link org.residuallab.nn.fast.Dnnl}), how many threads a
 * product may use ({@link org.residuallab.nn.fast.Threads}) and buffer reuse ({@link org.residuallab.nn.fast.Buffers}).
 * Students need not read it: each method computes the formula its name and comment give, and the layers in
 * {@code org.residuallab.nn} say which formula on every line. It exists because ND4J's per-call overhead
 * (about 100 µs) is many times the arithmetic of a teaching-sized layer.
 */
package org.residuallab.nn.fast;
