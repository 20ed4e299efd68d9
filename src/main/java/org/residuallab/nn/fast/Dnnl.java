package org.residuallab.nn.fast;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_eltwise_desc_t;
import org.bytedeco.dnnl.dnnl_layer_normalization_desc_t;
import org.bytedeco.dnnl.dnnl_softmax_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * oneDNN's vectorised primitives for GELU, softmax and layer norm in float32, run on the arrays' own memory
 * (a Java loop must copy each array to the heap and back, and Java 17 does not vectorise erf or exp): the
 * oneDNN that ND4J's x86_64 build already loads for its convolutions. They round differently from the Java
 * loops (tests hold both to the float64 formulas). Where oneDNN is missing (ND4J's other builds), or with
 * {@code -Dresiduallab.onednn=false}, {@link #available()} is false and the Java loops run instead.
 * A primitive is built once per operation and shape and kept; calls from several threads take turns.
 */
public final class Dnnl {
    private static final boolean AVAILABLE = load();
    private static Dnnl one;   // one engine for the process: IJava runs cells on pooled threads that come and go

    private final dnnl_engine engine = new dnnl_engine();
    private final dnnl_stream stream = new dnnl_stream();
    private final Map<String, Prim> prims = new HashMap<>();

    private Dnnl() {
        check(dnnl_engine_create(engine, dnnl_cpu, 0), "engine");
        check(dnnl_stream_create(stream, engine, dnnl_stream_default_flags), "stream");
    }

    /** True where oneDNN loaded (ND4J's x86_64 builds). */
    public static boolean available() {
        return AVAILABLE;
    }

    /** y = x·Φ(x), exact GELU (oneDNN's gelu_erf), on dense float32 arrays. */
    static void gelu(INDArray x, INDArray y) {
        prim("gelu " + x.length(), d -> {
            dnnl_memory_desc_t md = d.md(x.length());
            return d.new Prim(d.geluForward(md), new int[] {DNNL_ARG_SRC, DNNL_ARG_DST}, md, md);
        }).run(x, y);
    }

    /** dX = dOut · (Φ(x) + x·φ(x)). */
    static void geluBackward(INDArray x, INDArray dOut, INDArray dX) {
        prim("gelu_bp " + x.length(), d -> {
            dnnl_memory_desc_t md = d.md(x.length());
            dnnl_eltwise_desc_t bd = new dnnl_eltwise_desc_t();
            check(dnnl_eltwise_backward_desc_init(bd, dnnl_eltwise_gelu_erf, md, md, 0f, 0f), "gelu backward");
            return d.new Prim(d.desc(bd, d.geluForward(md)), new int[] {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC}, md, md, md);
        }).run(x, dOut, dX);
    }

    /** p = softmax of each row of p (rows, cols), in place. */
    static void softmax(INDArray p, long rows, long cols) {
        prim("softmax " + rows + "x" + cols, d -> {
            dnnl_memory_desc_t md = d.md(rows, cols);
            return d.new Prim(d.softmaxForward(md), new int[] {DNNL_ARG_SRC, DNNL_ARG_DST}, md, md);
        }).run(p, p);
    }

    /** y = γ·(x − μ)/√(σ² + ε) + β along rows of x (N, C); the rows' μ and σ² into mean and var (N). */
    static void layerNorm(INDArray x, INDArray gamma, INDArray beta, double eps, INDArray mean, INDArray var, INDArray y) {
        long n = x.rows(), c = x.columns();
        prim("layernorm " + n + "x" + c + " " + eps, d -> {
            dnnl_memory_desc_t md = d.md(n, c), stat = d.md(n), scale = d.md(c);
            return d.new Prim(d.layerNormForward(md, stat, eps),
                    new int[] {DNNL_ARG_SRC, DNNL_ARG_SCALE, DNNL_ARG_SHIFT, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE, DNNL_ARG_DST},
                    md, scale, scale, stat, stat, md);
        }).run(x, gamma, beta, mean, var, y);
    }

    /** dX (N, C), dγ += Σ_N dOut·x̂ and dβ += Σ_N dOut (C), from x, its rows' μ and σ², γ and dOut. */
    static void layerNormBackward(INDArray x, INDArray mean, INDArray var, INDArray gamma, INDArray beta, double eps, INDArray dOut,
                                  INDArray dX, INDArray dGamma, INDArray dBeta) {
        long n = x.rows(), c = x.columns();
        Prim p = prim("layernorm_bp " + n + "x" + c + " " + eps, d -> {
            dnnl_memory_desc_t md = d.md(n, c), stat = d.md(n), scale = d.md(c);
            dnnl_layer_normalization_desc_t bd = new dnnl_layer_normalization_desc_t();
            check(dnnl_layer_normalization_backward_desc_init(bd, dnnl_backward, md, md, stat, (float) eps, dnnl_use_scale | dnnl_use_shift),
                    "layer norm backward");
            Prim b = d.new Prim(d.desc(bd, d.layerNormForward(md, stat, eps)),
                    new int[] {DNNL_ARG_SRC, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE, DNNL_ARG_SCALE, DNNL_ARG_SHIFT, DNNL_ARG_DIFF_DST,
                               DNNL_ARG_DIFF_SRC, DNNL_ARG_DIFF_SCALE, DNNL_ARG_DIFF_SHIFT},  // oneDNN 2.5 asks for β too, unused
                    md, stat, stat, scale, scale, md, md, scale, scale);
            b.scratch = new INDArray[] {Nd4j.createUninitialized(DataType.FLOAT, dGamma.shape()),
                                        Nd4j.createUninitialized(DataType.FLOAT, dBeta.shape())};
            return b;
        });
        synchronized (Dnnl.class) {                                               // the scratch is shared
            p.run(x, mean, var, gamma, beta, dOut, dX, p.scratch[0], p.scratch[1]);  // oneDNN sets dγ, dβ: add them
            Blas.axpy(1, p.scratch[0], dGamma);
            Blas.axpy(1, p.scratch[1], dBeta);
        }
    }

    // the primitive for this key, built on first use
    private static Prim prim(String key, java.util.function.Function<Dnnl, Prim> build) {
        synchronized (Dnnl.class) {
            if (one == null) one = new Dnnl();
            Prim p = one.prims.get(key);
            if (p == null) one.prims.put(key, p = build.apply(one));
            return p;
        }
    }

    private dnnl_primitive_desc geluForward(dnnl_memory_desc_t md) {
        dnnl_eltwise_desc_t fd = new dnnl_eltwise_desc_t();
        check(dnnl_eltwise_forward_desc_init(fd, dnnl_forward_training, dnnl_eltwise_gelu_erf, md, 0f, 0f), "gelu");
        return desc(fd, null);
    }

    private dnnl_primitive_desc softmaxForward(dnnl_memory_desc_t md) {
        dnnl_softmax_desc_t fd = new dnnl_softmax_desc_t();
        check(dnnl_softmax_forward_desc_init(fd, dnnl_forward_training, md, 1), "softmax");
        return desc(fd, null);
    }

    private dnnl_primitive_desc layerNormForward(dnnl_memory_desc_t md, dnnl_memory_desc_t stat, double eps) {
        dnnl_layer_normalization_desc_t fd = new dnnl_layer_normalization_desc_t();
        check(dnnl_layer_normalization_forward_desc_init(fd, dnnl_forward_training, md, stat, (float) eps, dnnl_use_scale | dnnl_use_shift),
                "layer norm");
        return desc(fd, null);
    }

    private dnnl_primitive_desc desc(Pointer opDesc, dnnl_primitive_desc hint) {
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        check(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(opDesc), null, engine, hint), "primitive");
        return pd;
    }

    /** A dense row-major float32 memory descriptor of this shape. */
    private dnnl_memory_desc_t md(long... shape) {
        dnnl_memory_desc_t md = new dnnl_memory_desc_t();
        check(dnnl_memory_desc_init_by_tag(md, shape.length, shape, dnnl_f32, shape.length == 1 ? dnnl_a : dnnl_ab), "memory");
        return md;
    }

    /** A primitive with one memory per argument, each pointed at the caller's array before a run. */
    private final class Prim {
        final dnnl_primitive primitive = new dnnl_primitive();
        final dnnl_memory[] memory;
        final dnnl_exec_arg_t args;
        INDArray[] scratch; // outputs that the caller adds up, where it needs them

        Prim(dnnl_primitive_desc pd, int[] argIds, dnnl_memory_desc_t... mds) {
            check(dnnl_primitive_create(primitive, pd), "primitive");
            memory = new dnnl_memory[argIds.length];
            args = new dnnl_exec_arg_t(argIds.length);
            for (int i = 0; i < argIds.length; i++) {
                memory[i] = new dnnl_memory();
                check(dnnl_memory_create(memory[i], mds[i], engine, (Pointer) null), "memory");
                args.position(i).arg(argIds[i]).memory(memory[i]);
            }
            args.position(0);
        }

        void run(INDArray... arrays) {
            synchronized (Dnnl.class) {
                Blas.Pointers.F at = Blas.Pointers.get().f0;
                for (int i = 0; i < arrays.length; i++) check(dnnl_memory_set_data_handle(memory[i], at.at(arrays[i])), "memory");
                check(dnnl_primitive_execute(primitive, stream, arrays.length, args), "execute");
                check(dnnl_stream_wait(stream), "wait");
            }
        }
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
