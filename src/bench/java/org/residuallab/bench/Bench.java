package org.residuallab.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.nn.fast.Blas;
import org.residuallab.nn.Model;
import org.residuallab.nn.Optimizer;
import org.residuallab.nn.Param;
import org.residuallab.nn.fast.Threads;
import org.residuallab.probe.ProbeSession;
import org.residuallab.probe.Probes;

/**
 * Times training steps (forward, loss, backward, optimizer update) of one configuration after warm-up,
 * and reads the process's resident memory.
 * <pre>Bench.Result r = Bench.run(BenchConfig.named("res50"), 200, step -> {});</pre>
 */
public final class Bench {
    static final int WARMUP_STEPS = 100;

    private Bench() {}

    /** What a run measured: per-step times in ms, resident MB before, after and at most. */
    public record Result(String config, double[] stepMs, double cpuMsPerStep, double trainingThreadCpuMsPerStep,
                         long flopsPerStep, double rssBeforeMb, double rssAfterMb, double rssMaxMb, int warmupSteps) {
        public double median() { return percentile(50); }

        public double percentile(double p) {
            return Bench.percentile(stepMs, p);
        }

        public double gflops() { return flopsPerStep / median() / 1e6; }

        /** GFLOP per second of process CPU time: what the cores did while this process ran on them. */
        public double gflopsPerCpuSecond() { return flopsPerStep / cpuMsPerStep / 1e6; }
    }

    /** Called before each timed step with its index; probes attach or detach here. */
    public interface StepListener {
        void beforeStep(Model model, long step);
    }

    /**
     * Runs warm-up (at least 100 steps and 3 s, so that the JIT has compiled the loops; for slow
     * configurations 20 s and 10 steps suffice), then
     * {@code steps} timed steps; {@code steps <= 0} picks as many as fit in about 5 s (at least 30).
     */
    public static Result run(BenchConfig config, Model model, int steps, StepListener listener) {
        INDArray x = config.inputs(), y = config.targets();
        Optimizer optimizer = config.optimizer();
        List<Param> params = model.params();
        double rssBefore = rssMb();
        int warm = 0;
        long t0 = System.nanoTime();
        while (warm < 10 || (System.nanoTime() - t0 < 20_000_000_000L
                && (warm < WARMUP_STEPS || System.nanoTime() - t0 < 3_000_000_000L))) {
            listener.beforeStep(model, warm);
            step(model, x, y, optimizer, params);
            warm++;
        }
        double warmMs = (System.nanoTime() - t0) / 1e6 / warm;
        int n = steps > 0 ? steps : (int) Math.max(30, Math.min(2000, 5000 / warmMs));
        double[] ms = new double[n];
        double rssMax = rssMb();
        long cpu0 = processCpuNanos(), own0 = threadCpuNanos();
        for (int i = 0; i < n; i++) {
            listener.beforeStep(model, warm + i);
            long s = System.nanoTime();
            step(model, x, y, optimizer, params);
            ms[i] = (System.nanoTime() - s) / 1e6;
            if (i % 100 == 99) rssMax = Math.max(rssMax, rssMb());
        }
        double cpuMs = (processCpuNanos() - cpu0) / 1e6 / n, ownMs = (threadCpuNanos() - own0) / 1e6 / n;
        double rssAfter = rssMb();
        return new Result(config.name(), ms, cpuMs, ownMs, config.flopsPerStep(model), rssBefore, rssAfter,
                Math.max(rssMax, rssAfter), warm);
    }

    /**
     * The probes' cost measured in pairs: models of one configuration (same seed), half of them with every
     * built-in probe recording every {@code every}-th step (no cap on the steps kept; histograms with their
     * default cap of 20 steps), trained in alternating blocks of 150 ms or more. Each pair of neighbouring
     * blocks gives one ratio, so a machine whose speed drifts over seconds still compares like with like.
     * A block is a multiple of {@code every} steps, so that each holds as many recorded steps, and of the
     * histograms' interval where such a block takes at most 1.5 s (every block then holds a histogram step; in
     * 20-step blocks four in five held none, and the median left their cost out). The pairs
     * take turns among {@link #PROBE_COST_MODELS} models of each kind, and every other pair runs the model
     * without probes first: where a model's arrays lie in memory changed its speed by a few per cent here.
     *
     * @param ratios    ms per step with probes ÷ without, one per pair of blocks
     * @param onMs      median ms per step of the blocks with probes; {@code offMs} without
     * @param cpuRatio  CPU time of the training thread with probes ÷ without, over all blocks
     * @param totalRatio  all the time with probes ÷ all the time without
     * @param histogramEvery  the histograms' interval when the timed blocks began and when they ended: it doubles
     *                        each time more than 20 histogram steps would be kept, so early in a run histograms come
     *                        at every recorded step and cost about as much as all other probes together
     */
    public record ProbeCost(String config, long every, int stepsPerBlock, double[] ratios, double onMs, double offMs,
                            double cpuRatio, double totalRatio, long[] histogramEvery) {
        public double ratio() { return percentile(ratios, 50); }

        public double ratioPercentile(double p) { return percentile(ratios, p); }
    }

    /** The probes' default cadence ({@link Probes#every}), and what they may cost there: at most +5 % per step. */
    public static final long DEFAULT_EVERY = 10;
    public static final int TARGET_PERCENT = 5;

    /** Models of each kind (with probes, without) that the pairs of {@link #probeCost} take turns among. */
    public static final int PROBE_COST_MODELS = 3;

    /** Measures {@link ProbeCost} of probes recording every {@code every}-th step with {@code pairs} pairs of blocks. */
    public static ProbeCost probeCost(BenchConfig config, int pairs, long every) {
        int m = PROBE_COST_MODELS;
        Model[] on = new Model[m], off = new Model[m];
        List<List<Param>> onParams = new ArrayList<>(), offParams = new ArrayList<>();
        Optimizer[] onOpt = new Optimizer[m], offOpt = new Optimizer[m];   // one each: Adam keeps state per model
        for (int i = 0; i < m; i++) {
            on[i] = config.build();
            off[i] = config.build();
            onParams.add(on[i].params());
            offParams.add(off[i].params());
            onOpt[i] = config.optimizer();
            offOpt[i] = config.optimizer();
        }
        INDArray x = config.inputs(), y = config.targets();
        Probes probes = Probes.all().every(every).maxSteps(Integer.MAX_VALUE).run("bench");
        List<ProbeSession> sessions = new ArrayList<>();
        try {
            for (Model model : on) sessions.add(probes.attach(model));
            // warm up until the JIT compiler has been quiet for 2 s (at most 40 s): its threads take a core
            long t0 = System.nanoTime(), compiled = compilationMs(), quietSince = t0;
            int warm = 0;
            while (true) {
                long now = System.nanoTime(), c = compilationMs();
                if (c != compiled) {
                    compiled = c;
                    quietSince = now;
                }
                boolean warmed = warm >= WARMUP_STEPS && now - t0 >= 6_000_000_000L && now - quietSince >= 2_000_000_000L;
                if (warm >= 10 && (warmed || now - t0 >= 40_000_000_000L)) break;
                int i = warm % m;
                step(on[i], x, y, onOpt[i], onParams.get(i));
                step(off[i], x, y, offOpt[i], offParams.get(i));
                warm++;
            }
            long timed = Math.min(warm, 50), p0 = System.nanoTime(); // the pace after warm-up sets the block length
            for (int s = 0; s < timed; s++) {
                int i = s % m;
                step(on[i], x, y, onOpt[i], onParams.get(i));
                step(off[i], x, y, offOpt[i], offParams.get(i));
            }
            double pairMs = (System.nanoTime() - p0) / 1e6 / timed;
            long histogramsFrom = sessions.get(0).log().histogramEvery();
            // blocks of whole recording intervals, each holding as many recorded steps; and of whole histogram
            // intervals where a block of them takes at most 1.5 s, or the median would leave the histogram steps out
            long unit = histogramsFrom * pairMs / 2 <= 1500 ? Math.max(every, histogramsFrom) : every;
            int k = (int) (unit * Math.max(1, Math.round(300 / pairMs / unit)));
            double[] ratios = new double[pairs], onMs = new double[pairs], offMs = new double[pairs];
            long onCpu = 0, offCpu = 0;
            for (int b = 0; b < pairs; b++) {
                int i = b % m;
                boolean onFirst = (b / m) % 2 == 0;
                for (int half = 0; half < 2; half++) {
                    boolean probed = (half == 0) == onFirst;
                    Model model = probed ? on[i] : off[i];
                    List<Param> params = probed ? onParams.get(i) : offParams.get(i);
                    Optimizer opt = probed ? onOpt[i] : offOpt[i];
                    long c0 = threadCpuNanos(), w0 = System.nanoTime();
                    for (int s = 0; s < k; s++) step(model, x, y, opt, params);
                    long cpu = threadCpuNanos() - c0;
                    double ms = (System.nanoTime() - w0) / 1e6 / k;
                    if (probed) {
                        onMs[b] = ms;
                        onCpu += cpu;
                    } else {
                        offMs[b] = ms;
                        offCpu += cpu;
                    }
                }
                ratios[b] = onMs[b] / offMs[b];
            }
            return new ProbeCost(config.name(), every, k, ratios, percentile(onMs, 50), percentile(offMs, 50),
                    (double) onCpu / offCpu, Arrays.stream(onMs).sum() / Arrays.stream(offMs).sum(),
                    new long[] {histogramsFrom, sessions.get(0).log().histogramEvery()});
        } finally {
            for (ProbeSession session : sessions) session.close();
        }
    }

    // total time the JIT compiler threads have spent so far (ms), or 0 where the JVM does not say
    private static long compilationMs() {
        java.lang.management.CompilationMXBean c = ManagementFactory.getCompilationMXBean();
        return c != null && c.isCompilationTimeMonitoringSupported() ? c.getTotalCompilationTime() : 0;
    }

    /** The p-th percentile of v (0..100), interpolated between neighbouring ranks. */
    public static double percentile(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = p / 100 * (s.length - 1);
        int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }

    private static void step(Model model, INDArray x, INDArray y, Optimizer optimizer, List<Param> params) {
        model.lossAndBackward(x, y);
        optimizer.step(params);
    }

    /** The sgemm peak: the best GFLOP/s of wall-clock time over square float32 products of a few sizes ({@code size} gave it). */
    public record Peak(int threads, int size, double wall) {}

    /** Sizes tried for the peak: one size alone under-reports (1024³ ran slower than width-512 training here). */
    static final int[] PEAK_SIZES = {256, 512, 1024};

    /** Times n×n·n×n float32 products, n = 256, 512, 1024 (17 GFLOP of work each size), at {@code threads} threads. */
    public static Peak sgemmPeak(int threads) {
        int before = Threads.max();
        Threads.set(threads);
        try {
            Peak best = null;
            for (int n : PEAK_SIZES) {
                Peak p = sgemmPeak(threads, n, Math.max(8, (int) (8L * 1024 * 1024 * 1024 / ((long) n * n * n))));
                if (best == null || p.wall() > best.wall()) best = p;
            }
            return best;
        } finally {
            Threads.set(before);
        }
    }

    private static Peak sgemmPeak(int threads, int n, int runs) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n), b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.createUninitialized(DataType.FLOAT, n, n);
        Blas.gemm(a, b, c, false, false, 1.0, 0.0); // warm-up
        double best = 0, flop = 2.0 * n * n * n;
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            Blas.gemm(a, b, c, false, false, 1.0, 0.0);
            best = Math.max(best, flop / (System.nanoTime() - t));
        }
        return new Peak(threads, n, best);
    }

    /** CPU time of the calling thread. */
    static long threadCpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** CPU time of this process, all threads. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Resident memory of this process in MB (VmRSS of /proc/self/status), or NaN where there is none. */
    public static double rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no /proc
        }
        return Double.NaN;
    }
}
