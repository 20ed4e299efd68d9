package org.residuallab.nn.fast;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_eltwise_desc_t;
import org.bytedeco.dnnl.dnnl_layer_normalization_desc_t;
import org.bytedeco.dnnl.dnnl_softmax_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * oneDNN's vectorised primitives in float32, run on the arrays' own memory: convolutions, ReLU's backward, GELU,
 * softmax and layer norm (a Java loop must copy each array to the heap and back, and Java 17 does not vectorise erf or exp).
 * This is the oneDNN that ND4J's x86_64 build loads for its own convolutions. Its results round differently from
 * the Java loops (tests hold both to the float64 formulas). Where oneDNN is missing (ND4J's other builds), or with
 * {@code -Dresiduallab.onednn=false}, {@link #available()} is false and the Java loops and ND4J's operations run.
 * A pass (a primitive with its memories) is built once per operation and shape, and kept; threads that run the
 * same operation at once (models trained side by side) each take a pass of their own.
 */
public final class Dnnl {
    private static final boolean AVAILABLE = load();
    private static dnnl_engine engine;                                 // one for the process, built on first use
    // passes not running now, by operation and shape, least recently used first; their memory, kept under IDLE_LIMIT
    private static final Map<String, ArrayDeque<Pass>> IDLE = new java.util.LinkedHashMap<>(16, 0.75f, true);
    static final long IDLE_LIMIT = 256L << 20;
    private static long idleBytes;

    private Dnnl() {}

    /** True where oneDNN loaded (ND4J's x86_64 builds). */
    public static boolean available() {
        return AVAILABLE;
    }

    /** ReLU's backward: dX = dOut where x > 0, else 0 (where x is NaN, dOut). */
    static void reluBackward(INDArray x, INDArray dOut, INDArray dX) {
        long n = x.length();
        use("relu_bp " + n, () -> new Prim(eltwiseBackward(dnnl_eltwise_relu, md(n)),
                new int[] {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC}, md(n), md(n), md(n)), p -> p.run(x, dOut, dX));
    }

    /** y = x·Φ(x), exact GELU (oneDNN's gelu_erf). */
    static void gelu(INDArray x, INDArray y) {
        long n = x.length();
        use("gelu " + n, () -> new Prim(eltwiseForward(dnnl_eltwise_gelu_erf, md(n)), new int[] {DNNL_ARG_SRC, DNNL_ARG_DST}, md(n), md(n)),
                p -> p.run(x, y));
    }

    /** dX = dOut · (Φ(x) + x·φ(x)). */
    static void geluBackward(INDArray x, INDArray dOut, INDArray dX) {
        long n = x.length();
        use("gelu_bp " + n, () -> new Prim(eltwiseBackward(dnnl_eltwise_gelu_erf, md(n)),
                new int[] {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC}, md(n), md(n), md(n)), p -> p.run(x, dOut, dX));
    }

    /** c = alpha·op(a)·op(b) + beta·c, row-major (M, N) = (M, K)·(K, N) with leading dimensions: oneDNN's sgemm. */
    static void sgemm(boolean transA, boolean transB, long m, long n, long k, float alpha, FloatPointer a, long lda,
                      FloatPointer b, long ldb, float beta, FloatPointer c, long ldc) {
        check(dnnl_sgemm((byte) (transA ? 'T' : 'N'), (byte) (transB ? 'T' : 'N'), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc), "sgemm");
    }

    /** p = softmax of each row of p (rows, cols), in place. */
    static void softmax(INDArray p, long rows, long cols) {
        use("softmax " + rows + "x" + cols, () -> new Prim(softmaxForward(md(rows, cols)), new int[] {DNNL_ARG_SRC, DNNL_ARG_DST},
                md(rows, cols), md(rows, cols)), s -> s.run(p, p));
    }

    /** y = γ·(x − μ)/√(σ² + ε) + β along rows of x (N, C); the rows' μ and σ² into mean and var (N). */
    static void layerNorm(INDArray x, INDArray gamma, INDArray beta, double eps, INDArray mean, INDArray var, INDArray y) {
        long n = x.rows(), c = x.columns();
        use("layernorm " + n + "x" + c + " " + eps, () -> new Prim(layerNormForward(md(n, c), md(n), eps),
                new int[] {DNNL_ARG_SRC, DNNL_ARG_SCALE, DNNL_ARG_SHIFT, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE, DNNL_ARG_DST},
                md(n, c), md(c), md(c), md(n), md(n), md(n, c)), p -> p.run(x, gamma, beta, mean, var, y));
    }

    /** dX (N, C), dγ += Σ_N dOut·x̂ and dβ += Σ_N dOut (C), from x, its rows' μ and σ², γ and dOut. */
    static void layerNormBackward(INDArray x, INDArray mean, INDArray var, INDArray gamma, INDArray beta, double eps, INDArray dOut,
                                  INDArray dX, INDArray dGamma, INDArray dBeta) {
        long n = x.rows(), c = x.columns();
        use("layernorm_bp " + n + "x" + c + " " + eps, () -> {
            dnnl_memory_desc_t md = md(n, c), stat = md(n), scale = md(c);
            dnnl_layer_normalization_desc_t bd = new dnnl_layer_normalization_desc_t();
            check(dnnl_layer_normalization_backward_desc_init(bd, dnnl_backward, md, md, stat, (float) eps, dnnl_use_scale | dnnl_use_shift),
                    "layer norm backward");
            Prim b = new Prim(desc(bd, layerNormForward(md, stat, eps)),
                    new int[] {DNNL_ARG_SRC, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE, DNNL_ARG_SCALE, DNNL_ARG_SHIFT, DNNL_ARG_DIFF_DST,
                               DNNL_ARG_DIFF_SRC, DNNL_ARG_DIFF_SCALE, DNNL_ARG_DIFF_SHIFT},  // oneDNN 2.5 asks for β too, unused
                    md, stat, stat, scale, scale, md, md, scale, scale);
            b.scratch = new INDArray[] {Nd4j.createUninitialized(DataType.FLOAT, dGamma.shape()),
                                        Nd4j.createUninitialized(DataType.FLOAT, dBeta.shape())};
            return b;
        }, p -> {
            p.run(x, mean, var, gamma, beta, dOut, dX, p.scratch[0], p.scratch[1]);  // oneDNN sets dγ, dβ: add them
            Blas.axpy(1, p.scratch[0], dGamma);
            Blas.axpy(1, p.scratch[1], dBeta);
        });
    }

    /** y (B, O, OH, OW) = W ⋆ x + b for dense NCHW float32 arrays, W (O, C, k, k), b (1, O) or null. */
    static void convForward(INDArray x, INDArray w, INDArray b, INDArray y, int stride, int padding, Convolutions.Kept kept) {
        useConv(x, w, b != null, stride, padding, c -> c.forward(x, w, b, y, kept));
    }

    /** dX from dOut (B, O, OH, OW); dW += the filters' gradient and db += the bias's (db is null without a bias). */
    static void convBackward(INDArray x, INDArray w, INDArray dOut, INDArray dX, INDArray dW, INDArray db, int stride, int padding,
                             Convolutions.Kept kept) {
        useConv(x, w, db != null, stride, padding, c -> c.backward(x, w, dOut, dX, dW, db, kept));
    }

    private static void useConv(INDArray x, INDArray w, boolean bias, int stride, int padding, Consumer<Conv> work) {
        long[] xs = x.shape(), ws = w.shape();
        String key = "conv " + java.util.Arrays.toString(xs) + " " + java.util.Arrays.toString(ws) + " " + stride + " " + padding + " " + bias;
        use(key, () -> new Conv(key, xs, ws, bias, stride, padding), work);
    }

    /**
     * A convolution's three passes for one geometry. oneDNN's fast kernels read and write blocked layouts
     * (eight channels side by side), so each pass reorders the NCHW arrays into its own buffers and back:
     * dOut once for both backward products, and the filters' gradient is added to dW by its reorder. The
     * forward's copy of x goes to the layer's {@link Convolutions.Kept}, where the filters' gradient reads it.
     */
    private static final class Conv extends Pass {
        final String geometry;
        final dnnl_memory x, w, b, y, dOut, dX, dW, db;             // the caller's arrays, pointed at before a pass
        final List<Step> forward = new ArrayList<>(), backward = new ArrayList<>();
        final List<Step> backwardFromKept;                         // backward without the reorder of x
        final long xSize, ySize;                                   // bytes of the largest blocked copy of x (or dX), of y (or dOut)
        FloatPointer xs, ys;                                       // one buffer for the copies of x and dX, one for y and dOut
        dnnl_memory xIn, xIn2;                                     // x in the forward's and the filters' gradient's layout
        Step xAgain;                                               // the backward's reorder of x (none when the layer kept it)
        long xBytes;                                               // the size of x in the forward's layout; 0: no copy to keep

        Conv(String geometry, long[] xShape, long[] ws, boolean bias, int stride, int padding) {
            this.geometry = geometry;
            long[] yShape = {xShape[0], ws[0], (xShape[2] + 2L * padding - ws[2]) / stride + 1, (xShape[3] + 2L * padding - ws[3]) / stride + 1};
            long[] strides = {stride, stride}, pad = {padding, padding};
            dnnl_memory_desc_t xmd = md(dnnl_abcd, xShape), wmd = md(dnnl_abcd, ws), ymd = md(dnnl_abcd, yShape), bmd = bias ? md(ws[0]) : null;
            x = memory(xmd, null); w = memory(wmd, null); y = memory(ymd, null); dOut = memory(ymd, null); dX = memory(xmd, null);
            dW = memory(wmd, null);
            b = bias ? memory(bmd, null) : null;
            db = bias ? memory(bmd, null) : null;

            dnnl_convolution_desc_t fd = new dnnl_convolution_desc_t(), dd = new dnnl_convolution_desc_t(), wd = new dnnl_convolution_desc_t();
            check(dnnl_convolution_forward_desc_init(fd, dnnl_forward_training, dnnl_convolution_direct,
                    any(xShape), any(ws), bmd, any(yShape), strides, pad, pad), "convolution");
            dnnl_primitive_desc fwd = desc(fd, null);
            check(dnnl_convolution_backward_data_desc_init(dd, dnnl_convolution_direct, any(xShape), any(ws), any(yShape), strides, pad, pad),
                    "convolution backward");
            dnnl_primitive_desc data = desc(dd, fwd);
            check(dnnl_convolution_backward_weights_desc_init(wd, dnnl_convolution_direct, any(xShape), any(ws), bmd, any(yShape), strides, pad, pad),
                    "convolution weights");
            dnnl_primitive_desc weights = desc(wd, fwd);
            // the steps run one after another, so the copies of x and dX share a buffer, and those of y and dOut
            xSize = Math.max(size(fwd, dnnl_query_src_md), Math.max(size(data, dnnl_query_diff_src_md), size(weights, dnnl_query_src_md)));
            ySize = Math.max(size(fwd, dnnl_query_dst_md), size(data, dnnl_query_diff_dst_md));

            // y = W ⋆ x + b
            xIn = in(forward, xmd, x, fwd, dnnl_query_src_md, true);
            dnnl_memory wIn = in(forward, wmd, w, fwd, dnnl_query_weights_md, null);
            dnnl_memory yOut = out(fwd, dnnl_query_dst_md, ymd, y);
            forward.add(bias ? step(fwd, new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_BIAS, DNNL_ARG_DST}, xIn, wIn, b, yOut)
                             : step(fwd, new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST}, xIn, wIn, yOut));
            if (yOut != y) forward.add(reorder(query(fwd, dnnl_query_dst_md), yOut, ymd, y, false));

            // dX = Wᵀ ⋆ dOut
            dnnl_memory gIn = in(backward, ymd, dOut, data, dnnl_query_diff_dst_md, false);
            dnnl_memory wIn2 = in(backward, wmd, w, data, dnnl_query_weights_md, null);
            dnnl_memory dXOut = out(data, dnnl_query_diff_src_md, xmd, dX);
            backward.add(step(data, new int[] {DNNL_ARG_DIFF_DST, DNNL_ARG_WEIGHTS, DNNL_ARG_DIFF_SRC}, gIn, wIn2, dXOut));
            if (dXOut != dX) backward.add(reorder(query(data, dnnl_query_diff_src_md), dXOut, xmd, dX, false));

            // dW += dOut ⋆ x, db += Σ dOut (dX is out of the shared buffer by now: x may go in)
            int before = backward.size();
            xIn2 = in(backward, xmd, x, weights, dnnl_query_src_md, true);
            if (xIn2 != x) {
                xAgain = backward.get(before);
                if (xIn != x && dnnl_memory_desc_equal(query(weights, dnnl_query_src_md), query(fwd, dnnl_query_src_md)) == 1) {
                    xBytes = size(fwd, dnnl_query_src_md);
                }
            }
            dnnl_memory gIn2 = dnnl_memory_desc_equal(query(weights, dnnl_query_diff_dst_md), query(data, dnnl_query_diff_dst_md)) == 1
                    ? gIn : in(backward, ymd, dOut, weights, dnnl_query_diff_dst_md, null);
            dnnl_memory dWOut = buffer(query(weights, dnnl_query_diff_weights_md), null), dbOut = bias ? buffer(bmd, null) : null;
            backward.add(bias ? step(weights, new int[] {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS, DNNL_ARG_DIFF_BIAS},
                                         xIn2, gIn2, dWOut, dbOut)
                              : step(weights, new int[] {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS}, xIn2, gIn2, dWOut));
            backward.add(reorder(query(weights, dnnl_query_diff_weights_md), dWOut, wmd, dW, true));
            if (bias) backward.add(reorder(bmd, dbOut, bmd, db, true));
            backwardFromKept = backward.stream().filter(s -> s != xAgain).toList();
        }

        void forward(INDArray xa, INDArray wa, INDArray ba, INDArray ya, Convolutions.Kept kept) {
            point(x, xa); point(w, wa); point(y, ya);
            if (b != null) point(b, ba);
            boolean keep = kept != null && xBytes > 0;
            if (keep) {
                if (kept.x == null || kept.x.capacity() * 4 < xBytes) kept.x = new FloatPointer((xBytes + 3) / 4);
                kept.pass = geometry;
            } else if (kept != null) {
                kept.forget();
            }
            if (xIn != x) check(dnnl_memory_set_data_handle(xIn, keep ? kept.x : xs), "memory");
            run(forward);
        }

        void backward(INDArray xa, INDArray wa, INDArray dOutA, INDArray dXA, INDArray dWA, INDArray dbA, Convolutions.Kept kept) {
            point(x, xa); point(w, wa); point(dOut, dOutA); point(dX, dXA); point(dW, dWA);
            if (db != null) point(db, dbA);
            boolean reuse = kept != null && xBytes > 0 && geometry.equals(kept.pass);   // x as the forward left it
            if (xIn2 != x) check(dnnl_memory_set_data_handle(xIn2, reuse ? kept.x : xs), "memory");
            run(reuse ? backwardFromKept : backward);
        }

        // the caller's memory where the pass takes its layout, else a buffer in the pass's layout and a reorder into it
        private dnnl_memory in(List<Step> pass, dnnl_memory_desc_t userMd, dnnl_memory user, dnnl_primitive_desc pd, int what, Boolean xSide) {
            dnnl_memory_desc_t want = query(pd, what);
            if (dnnl_memory_desc_equal(want, userMd) == 1) return user;
            dnnl_memory mine = buffer(want, xSide);
            pass.add(reorder(userMd, user, want, mine, false));
            return mine;
        }

        private dnnl_memory out(dnnl_primitive_desc pd, int what, dnnl_memory_desc_t userMd, dnnl_memory user) {
            dnnl_memory_desc_t made = query(pd, what);
            return dnnl_memory_desc_equal(made, userMd) == 1 ? user : buffer(made, user == x || user == dX);
        }

        // a memory on the shared buffer of x's side (true) or y's (false), or on one of its own (null: the small ones)
        private dnnl_memory buffer(dnnl_memory_desc_t md, Boolean xSide) {
            FloatPointer data;
            if (xSide == null) {
                data = buffer(dnnl_memory_desc_get_size(md));
            } else if (xSide) {
                data = xs = xs == null ? buffer(xSize) : xs;
            } else {
                data = ys = ys == null ? buffer(ySize) : ys;
            }
            return memory(md, data);
        }
    }

    private static long size(dnnl_primitive_desc pd, int what) {
        return dnnl_memory_desc_get_size(query(pd, what));
    }

    /** A primitive with one memory per argument, each pointed at the caller's array before a run. */
    private static final class Prim extends Pass {
        final Step step;
        final dnnl_memory[] memory;
        INDArray[] scratch; // outputs that the caller adds up, where it needs them

        Prim(dnnl_primitive_desc pd, int[] argIds, dnnl_memory_desc_t... mds) {
            memory = new dnnl_memory[argIds.length];
            for (int i = 0; i < argIds.length; i++) memory[i] = memory(mds[i], null);
            step = step(pd, argIds, memory);
        }

        void run(INDArray... arrays) {
            for (int i = 0; i < arrays.length; i++) point(memory[i], arrays[i]);
            run(List.of(step));
        }
    }

    /** What a thread runs on oneDNN's CPU engine: its own stream, primitives, memories and buffers, freed together. */
    private abstract static class Pass {
        final dnnl_stream stream = new dnnl_stream();
        final List<Step> steps = new ArrayList<>();
        final List<dnnl_memory> memories = new ArrayList<>();
        final List<FloatPointer> buffers = new ArrayList<>();

        Pass() {
            check(dnnl_stream_create(stream, engine(), dnnl_stream_default_flags), "stream");
        }

        void run(List<Step> steps) {
            for (Step s : steps) check(dnnl_primitive_execute(s.primitive, stream, s.n, s.args), "execute");
            check(dnnl_stream_wait(stream), "wait");
        }

        Step step(dnnl_primitive_desc pd, int[] argIds, dnnl_memory... memory) {
            Step s = new Step(pd, argIds, memory);
            steps.add(s);
            return s;
        }

        /** A memory on data, or pointed at the caller's array before each run (data null). */
        dnnl_memory memory(dnnl_memory_desc_t md, Pointer data) {
            dnnl_memory m = new dnnl_memory();
            check(dnnl_memory_create(m, md, engine(), data), "memory");
            memories.add(m);
            return m;
        }

        FloatPointer buffer(long bytes) {
            FloatPointer data = new FloatPointer((bytes + 3) / 4);
            buffers.add(data);
            return data;
        }

        /** A reorder from one layout to another; with accumulate, it adds to what the destination holds. */
        Step reorder(dnnl_memory_desc_t fromMd, dnnl_memory from, dnnl_memory_desc_t toMd, dnnl_memory to, boolean accumulate) {
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            check(dnnl_reorder_primitive_desc_create(pd, fromMd, engine(), toMd, engine(), attributes(accumulate)), "reorder");
            return step(pd, new int[] {DNNL_ARG_FROM, DNNL_ARG_TO}, from, to);
        }

        long bytes() {
            long n = 0;
            for (FloatPointer b : buffers) n += b.capacity() * 4;
            for (Step s : steps) n += s.scratch == null ? 0 : s.scratch.capacity() * 4;
            return n;
        }

        void close() {
            for (Step s : steps) s.close();
            for (dnnl_memory m : memories) dnnl_memory_destroy(m);
            for (FloatPointer b : buffers) b.close();
            dnnl_stream_destroy(stream);
        }
    }

    /** One primitive with its arguments' memories and its own scratch memory. */
    private static final class Step {
        final dnnl_primitive primitive = new dnnl_primitive();
        final dnnl_exec_arg_t args;
        final int n;
        final FloatPointer scratch;
        final dnnl_memory scratchMemory;

        Step(dnnl_primitive_desc pd, int[] argIds, dnnl_memory... memory) {
            check(dnnl_primitive_create(primitive, pd), "primitive");
            dnnl_memory_desc_t smd = query(pd, dnnl_query_scratchpad_md);
            long bytes = smd == null || smd.isNull() ? 0 : dnnl_memory_desc_get_size(smd);
            n = argIds.length + (bytes > 0 ? 1 : 0);
            args = new dnnl_exec_arg_t(n);
            for (int i = 0; i < argIds.length; i++) args.position(i).arg(argIds[i]).memory(memory[i]);
            scratch = bytes > 0 ? new FloatPointer((bytes + 3) / 4) : null;
            scratchMemory = scratch == null ? null : new dnnl_memory();
            if (scratch != null) {
                check(dnnl_memory_create(scratchMemory, smd, engine(), scratch), "scratch memory");
                args.position(argIds.length).arg(DNNL_ARG_SCRATCHPAD).memory(scratchMemory);
            }
            args.position(0);
        }

        void close() {
            dnnl_primitive_destroy(primitive);
            if (scratch != null) {
                dnnl_memory_destroy(scratchMemory);
                scratch.close();
            }
        }
    }

    // an idle pass for this key (or a new one), given back when the work is done; the least recently used idle
    // passes are freed while all of them hold more than IDLE_LIMIT (a notebook may try many shapes in one session)
    @SuppressWarnings("unchecked")
    private static <P extends Pass> void use(String key, Supplier<P> build, Consumer<P> work) {
        P p;
        synchronized (IDLE) {
            ArrayDeque<Pass> idle = IDLE.get(key);
            p = idle == null ? null : (P) idle.poll();
            if (p != null) idleBytes -= p.bytes();
        }
        if (p == null) p = build.get();
        try {
            work.accept(p);
        } finally {
            synchronized (IDLE) {
                IDLE.computeIfAbsent(key, k -> new ArrayDeque<>()).push(p);
                idleBytes += p.bytes();
                for (var it = IDLE.values().iterator(); idleBytes > IDLE_LIMIT && it.hasNext(); ) {
                    ArrayDeque<Pass> eldest = it.next();
                    while (idleBytes > IDLE_LIMIT && !eldest.isEmpty() && eldest.peekLast() != p) {
                        Pass gone = eldest.pollLast();
                        idleBytes -= gone.bytes();
                        gone.close();
                    }
                    if (eldest.isEmpty()) it.remove();
                }
            }
        }
    }

    /** The bytes that idle passes hold now (at most {@link #IDLE_LIMIT} after each pass). */
    static long idleBytes() {
        synchronized (IDLE) {
            return idleBytes;
        }
    }

    private static synchronized dnnl_engine engine() {
        if (engine == null) {
            engine = new dnnl_engine();
            check(dnnl_engine_create(engine, dnnl_cpu, 0), "engine");
        }
        return engine;
    }

    private static dnnl_primitive_desc eltwiseForward(int kind, dnnl_memory_desc_t md) {
        dnnl_eltwise_desc_t fd = new dnnl_eltwise_desc_t();
        check(dnnl_eltwise_forward_desc_init(fd, dnnl_forward_training, kind, md, 0f, 0f), "eltwise");
        return desc(fd, null);
    }

    private static dnnl_primitive_desc eltwiseBackward(int kind, dnnl_memory_desc_t md) {
        dnnl_eltwise_desc_t bd = new dnnl_eltwise_desc_t();
        check(dnnl_eltwise_backward_desc_init(bd, kind, md, md, 0f, 0f), "eltwise backward");
        return desc(bd, eltwiseForward(kind, md));
    }

    private static dnnl_primitive_desc softmaxForward(dnnl_memory_desc_t md) {
        dnnl_softmax_desc_t fd = new dnnl_softmax_desc_t();
        check(dnnl_softmax_forward_desc_init(fd, dnnl_forward_training, md, 1), "softmax");
        return desc(fd, null);
    }

    private static dnnl_primitive_desc layerNormForward(dnnl_memory_desc_t md, dnnl_memory_desc_t stat, double eps) {
        dnnl_layer_normalization_desc_t fd = new dnnl_layer_normalization_desc_t();
        check(dnnl_layer_normalization_forward_desc_init(fd, dnnl_forward_training, md, stat, (float) eps, dnnl_use_scale | dnnl_use_shift),
                "layer norm");
        return desc(fd, null);
    }

    private static dnnl_primitive_desc desc(Pointer opDesc, dnnl_primitive_desc hint) {
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        check(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(opDesc), attributes(false), engine(), hint), "primitive");
        return pd;
    }

    // each step brings its own scratch memory: oneDNN's shared one is not safe for threads that come and go;
    // with accumulate, a reorder adds to what its destination holds
    private static dnnl_primitive_attr attributes(boolean accumulate) {
        dnnl_primitive_attr attr = new dnnl_primitive_attr();
        check(dnnl_primitive_attr_create(attr), "attributes");
        check(dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user), "scratchpad");
        if (accumulate) {
            dnnl_post_ops sum = new dnnl_post_ops();
            check(dnnl_post_ops_create(sum), "post-ops");
            check(dnnl_post_ops_append_sum(sum, 1f), "sum");
            check(dnnl_primitive_attr_set_post_ops(attr, sum), "post-ops");
        }
        return attr;
    }

    private static dnnl_memory_desc_t query(dnnl_primitive_desc pd, int what) {
        return dnnl_primitive_desc_query_md(pd, what, 0);
    }

    private static void point(dnnl_memory m, INDArray a) {
        check(dnnl_memory_set_data_handle(m, Blas.Pointers.get().f0.at(a)), "memory");
    }

    /** A dense row-major float32 memory descriptor of this shape. */
    private static dnnl_memory_desc_t md(long... shape) {
        return md(shape.length == 1 ? dnnl_a : dnnl_ab, shape);
    }

    /** A float32 memory descriptor of this shape in this layout (dnnl_abcd: NCHW). */
    private static dnnl_memory_desc_t md(int tag, long... shape) {
        dnnl_memory_desc_t md = new dnnl_memory_desc_t();
        check(dnnl_memory_desc_init_by_tag(md, shape.length, shape, dnnl_f32, tag), "memory");
        return md;
    }

    /** The layout the primitive chooses. */
    private static dnnl_memory_desc_t any(long... shape) {
        return md(dnnl_format_tag_any, shape);
    }

    private static void check(int status, String what) {
        if (status != dnnl_success) throw new IllegalStateException("oneDNN " + what + " failed with status " + status);
    }

    private static boolean load() {
        if (!Boolean.parseBoolean(System.getProperty("residuallab.onednn", "true"))) return false;
        try {
            return dnnl_get_effective_cpu_isa() >= 0;
        } catch (Throwable missing) {
            return false;
        }
    }
}
