package org.residuallab.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.residuallab.nn.Model;
import org.residuallab.nn.Param;
import org.residuallab.nn.fast.Threads;
import org.residuallab.probe.ProbeSession;
import org.residuallab.probe.Probes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code residual-lab bench}: times training steps of the issue-6 configurations, each without and
 * with every built-in probe attached ({@code plain50}, {@code plain50+probes}, ...), or of the conv and sequence
 * configurations when named ({@code resnet20}, {@code plain20}, {@code transformer}), and prints ms/step
 * (median, spread), steps/s, FLOPs/step, GFLOP/s against the measured sgemm peak, resident memory,
 * and one machine-readable line per configuration:
 * {@code bench <config> ms_per_step=<median> steps=<n> rss_mb=<resident MB>}.
 * <pre>residual-lab bench --config res50 --threads 1
 * residual-lab bench --config res50+probes --probe-every 10 --steps 10000   # the memory run
 * residual-lab bench --config resnet20 --steps 2000 --rss-every 100         # resident memory of a conv net over 2,000 steps
 * residual-lab bench --probe-cost --threads 1   # the probes' cost, in alternating blocks</pre>
 * It lives outside the library jar, in src/bench/java; {@code bin/residual-lab} puts it on the class path.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time training steps (forward, loss, backward, SGD) of benchmark networks after warm-up.")
public final class BenchCommand implements Callable<Integer> {
    static final String PROBES = "+probes";

    @Option(names = "--config", paramLabel = "NAME", split = ",",
            description = "plain50, res50, plain10, wide (MLPs), resnet20, plain20 (CIFAR ResNet-20 and its plain twin on 1×28×28 "
                    + "images), transformer (4 pre-LN layers, C 128, T 64), each optionally +probes (default: the eight of the MLPs)")
    List<String> configs = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N", description = "most BLAS threads (default: residuallab.threads, "
            + "RESIDUALLAB_THREADS, OMP_NUM_THREADS, else cores up to 4); products under 4 M multiply-adds always use one")
    Integer threads;

    @Option(names = "--steps", paramLabel = "N", description = "timed steps per configuration (default: about 5 s worth, at least 30)")
    int steps;

    @Option(names = "--probe-every", paramLabel = "K", description = "+probes configurations record every K-th step (default: ${DEFAULT-VALUE})")
    long probeEvery = 1;

    @Option(names = "--rss-every", paramLabel = "N", description = "print the resident memory every N steps (warm-up included) and, "
            + "at the end, how it moved over the timed steps: the memory run's evidence that it stays flat (default: off)")
    int rssEvery;

    @Option(names = "--list", description = "list every configuration with its float-op count and trainable parameters, and time nothing")
    boolean list;

    @Option(names = "--no-peak", description = "skip measuring the sgemm peak")
    boolean noPeak;

    @Option(names = "--rounds", paramLabel = "R", description = "run all the configurations R times, interleaved, and "
            + "summarise the medians (default: ${DEFAULT-VALUE}); on a machine whose speed drifts this compares fairly")
    int rounds = 1;

    @Option(names = "--probe-cost", paramLabel = "PAIRS", arity = "0..1", fallbackValue = "40",
            description = "instead of timing configurations, measure the probes' cost in PAIRS pairs of alternating "
                    + "blocks (default ${FALLBACK-VALUE}): models with every built-in probe against models without (three "
                    + "of each, taking turns); once at the default cadence (every " + Bench.DEFAULT_EVERY + "th step: "
                    + "the target is at most +" + Bench.TARGET_PERCENT + " %%), once recording every step")
    Integer probeCostPairs;

    @Override
    public Integer call() {
        if (threads != null) Threads.set(threads);
        if (probeEvery < 1) throw new IllegalArgumentException("--probe-every must be >= 1 but was " + probeEvery);
        if (rounds < 1) throw new IllegalArgumentException("--rounds must be >= 1 but was " + rounds);
        if (rssEvery < 0) throw new IllegalArgumentException("--rss-every must be >= 1 (0: off) but was " + rssEvery);
        if (list) {
            for (List<BenchConfig> cs : List.of(BenchConfig.all(), BenchConfig.more())) {
                for (BenchConfig c : cs) {
                    Model m = c.build();
                    long params = m.params().stream().filter(Param::trainable).mapToLong(Param::size).sum();
                    System.out.printf(Locale.ROOT, "config %s flops_per_step=%d params=%d batch=%d: %s, %s%n", c.name(), c.flopsPerStep(m), params,
                            c.batch(), c.description(), c.optimizerText());
                }
            }
            return 0;
        }
        List<String> todo = new ArrayList<>();
        if (configs.isEmpty()) {
            for (BenchConfig c : BenchConfig.all()) {
                todo.add(c.name());
                todo.add(c.name() + PROBES);
            }
        } else {
            for (String c : configs) {
                BenchConfig.named(base(c)); // fails early, naming the valid choices
                todo.add(c.trim().toLowerCase(Locale.ROOT));
            }
        }
        int t = Threads.max();
        if (probeCostPairs != null) {
            if (probeCostPairs < 3) throw new IllegalArgumentException("--probe-cost needs at least 3 pairs but was " + probeCostPairs);
            Set<String> names = new LinkedHashSet<>();
            for (String name : todo) names.add(base(name));
            for (String name : names) {
                printProbeCost(Bench.probeCost(BenchConfig.named(name), probeCostPairs, Bench.DEFAULT_EVERY), t);
                printProbeCost(Bench.probeCost(BenchConfig.named(name), probeCostPairs, 1), t);
            }
            return 0;
        }
        Bench.Peak peak = noPeak ? null : Bench.sgemmPeak(t);
        if (peak != null) {
            System.out.printf(Locale.ROOT, "sgemm peak (float32, %d thread%s, best run of n×n·n×n for n = 256, 512, 1024): "
                    + "%.1f GFLOP/s wall-clock at n = %d%n", t, t == 1 ? "" : "s", peak.wall(), peak.size());
        }
        Map<String, List<Double>> medians = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            if (rounds > 1) System.out.printf(Locale.ROOT, "== round %d of %d%n", round, rounds);
            runAll(todo, t, peak, medians);
        }
        if (rounds > 1) summarise(medians);
        return 0;
    }

    private void runAll(List<String> todo, int t, Bench.Peak peak, Map<String, List<Double>> medians) {
        Map<String, Bench.Result> done = new HashMap<>();
        for (String name : todo) {
            BenchConfig c = BenchConfig.named(base(name));
            Model m = c.build();
            boolean probes = name.endsWith(PROBES);
            ProbeSession session = probes ? Probes.all().every(probeEvery).run("bench").attach(m) : null;
            Bench.Result r;
            List<double[]> rss = new ArrayList<>();   // {step, MB}
            try {
                r = Bench.run(c, m, steps, (model, step) -> {
                    if (rssEvery > 0 && step % rssEvery == 0) {
                        double mb = Bench.rssMb();
                        rss.add(new double[] {step, mb});
                        System.out.printf(Locale.ROOT, "rss %s step=%d rss_mb=%.0f%n", name, step, mb);
                    }
                });
            } finally {
                if (session != null) session.close();
            }
            if (rssEvery > 0) printRssTrend(name, rss, r);
            String probeNote = !probes ? "no probes" : String.format(Locale.ROOT,
                    "all built-in probes every %d step%s (%d steps recorded, %d rows kept)", probeEvery,
                    probeEvery == 1 ? "" : "s", session.log().recordedSteps(), session.log().size());
            print(name, c, r, t, peak, probeNote);
            done.put(name, r);
            medians.computeIfAbsent(name, k -> new ArrayList<>()).add(r.median());
            Bench.Result off = done.get(base(name)), on = done.get(base(name) + PROBES);
            if (off != null && on != null) {
                System.out.printf(Locale.ROOT, "probes on %s: %+.0f%% ms/step (median), %+.0f%% CPU ms/step%n", base(name),
                        100 * (on.median() / off.median() - 1), 100 * (on.cpuMsPerStep() / off.cpuMsPerStep() - 1));
            }
        }
    }

    /** Resident memory over the timed steps: first and last sample, lowest and highest, and the change per 1,000 steps. */
    static void printRssTrend(String name, List<double[]> samples, Bench.Result r) {
        List<double[]> timed = samples.stream().filter(s -> s[0] >= r.warmupSteps()).toList();
        if (timed.size() < 2) {
            System.out.printf(Locale.ROOT, "rss_trend %s: fewer than two samples in the %d timed steps; lower --rss-every%n", name, r.stepMs().length);
            return;
        }
        double first = timed.get(0)[1], last = timed.get(timed.size() - 1)[1];
        double lo = timed.stream().mapToDouble(s -> s[1]).min().getAsDouble(), hi = timed.stream().mapToDouble(s -> s[1]).max().getAsDouble();
        double span = timed.get(timed.size() - 1)[0] - timed.get(0)[0];
        System.out.printf(Locale.ROOT, "rss_trend %s samples=%d from_step=%d to_step=%d first_mb=%.0f last_mb=%.0f min_mb=%.0f max_mb=%.0f "
                + "mb_per_1000_steps=%.1f%n", name, timed.size(), (long) timed.get(0)[0], (long) timed.get(timed.size() - 1)[0], first, last, lo, hi,
                1000 * (last - first) / span);
        System.out.flush();
    }

    /** The median over rounds of each configuration's median, and the probes' cost from those. */
    private void summarise(Map<String, List<Double>> medians) {
        System.out.printf(Locale.ROOT, "== over %d interleaved rounds (median of the per-round medians)%n", rounds);
        for (Map.Entry<String, List<Double>> e : medians.entrySet()) {
            StringBuilder each = new StringBuilder();
            for (double m : e.getValue()) each.append(each.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", m));
            System.out.printf(Locale.ROOT, "rounds %s ms_per_step=%.3f rounds=%d (each: %s)%n", e.getKey(), median(e.getValue()),
                    e.getValue().size(), each);
        }
        for (String name : medians.keySet()) {
            List<Double> on = medians.get(name + PROBES);
            if (name.endsWith(PROBES) || on == null) continue;
            System.out.printf(Locale.ROOT, "probes on %s over %d rounds: %+.0f%% ms/step (median of medians)%n", name, rounds,
                    100 * (median(on) / median(medians.get(name)) - 1));
        }
    }

    static void printProbeCost(Bench.ProbeCost c, int threads) {
        boolean byDefault = c.every() == Bench.DEFAULT_EVERY;
        System.out.printf(Locale.ROOT, "probe cost %s (up to %d thread%s): all built-in probes %s: %+.1f%% ms/step "
                        + "(median of %d pairs of %d-step blocks; p25 %+.1f%%, p75 %+.1f%%; all blocks together %+.1f%%)%n",
                c.config(), threads, threads == 1 ? "" : "s", byDefault ? "every " + c.every() + "th step (the default)" : "every step",
                100 * (c.ratio() - 1), c.ratios().length, c.stepsPerBlock(), 100 * (c.ratioPercentile(25) - 1),
                100 * (c.ratioPercentile(75) - 1), 100 * (c.totalRatio() - 1));
        System.out.printf(Locale.ROOT, "  ms/step   %.2f with probes, %.2f without (medians of the blocks); CPU of the training thread %+.1f%%%n",
                c.onMs(), c.offMs(), 100 * (c.cpuRatio() - 1));
        System.out.printf(Locale.ROOT, "  histograms every %d steps when the timed blocks began, every %d when they ended (their default cap: 20 steps kept)%n",
                c.histogramEvery()[0], c.histogramEvery()[1]);
        if (byDefault) {
            System.out.printf(Locale.ROOT, "  target    at most +%d %% at the default cadence: %s%n", Bench.TARGET_PERCENT,
                    c.ratio() <= 1 + Bench.TARGET_PERCENT / 100.0 ? "met" : "NOT met");
        }
        System.out.printf(Locale.ROOT, "probe_cost %s every=%d ratio=%.3f pairs=%d steps_per_block=%d%n",
                c.config(), c.every(), c.ratio(), c.ratios().length, c.stepsPerBlock());
        System.out.flush();
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String base(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(PROBES) ? n.substring(0, n.length() - PROBES.length()) : n;
    }

    static void print(String name, BenchConfig c, Bench.Result r, int threads, Bench.Peak peak, String probes) {
        double med = r.median();
        System.out.printf(Locale.ROOT, "%s: %s, %s, up to %d thread%s, %s%n", name, c.description(), c.optimizerText(),
                threads, threads == 1 ? "" : "s", probes);
        System.out.printf(Locale.ROOT, "  ms/step   median %.2f  p10 %.2f  p90 %.2f  min %.2f  (%d steps after %d warm-up)%n",
                med, r.percentile(10), r.percentile(90), r.percentile(0), r.stepMs().length, r.warmupSteps());
        System.out.printf(Locale.ROOT, "  steps/s   %.1f%n", 1000 / med);
        System.out.printf(Locale.ROOT, "  CPU       %.2f ms per step (process CPU time, all threads): %.2f on the training thread%n",
                r.cpuMsPerStep(), r.trainingThreadCpuMsPerStep());
        System.out.printf(Locale.ROOT, "  FLOPs     %.1f M per step (matrix products)%n", r.flopsPerStep() / 1e6);
        System.out.printf(Locale.ROOT, "  GFLOP/s   %.1f wall-clock%s; %.1f per CPU-second%n", r.gflops(),
                peak == null ? "" : String.format(Locale.ROOT, " = %.0f%% of the sgemm peak", 100 * r.gflops() / peak.wall()),
                r.gflopsPerCpuSecond());
        System.out.printf(Locale.ROOT, "  RSS       %.0f MB before, %.0f MB after, %.0f MB at most%n", r.rssBeforeMb(), r.rssAfterMb(), r.rssMaxMb());
        System.out.printf(Locale.ROOT, "bench %s ms_per_step=%.3f steps=%d rss_mb=%.0f%n", name, med, r.stepMs().length, r.rssAfterMb());
        System.out.flush();
    }
}
