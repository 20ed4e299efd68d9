package org.residuallab.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.residuallab.bench.Bench;
import org.residuallab.bench.BenchConfig;
import org.residuallab.nn.Model;
import org.residuallab.nn.Threads;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code residual-lab bench}: times training steps of the issue-6 configurations and prints, per
 * configuration, ms/step (median, spread), steps/s, FLOPs/step, GFLOP/s against the measured sgemm
 * peak, resident memory, and one machine-readable line
 * {@code bench <config> ms_per_step=<median> steps=<n> rss_mb=<resident MB>}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time training steps (forward, backward, SGD) of benchmark networks after warm-up.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "NAME", description = "plain50, res50, plain10 or wide (default: all)")
    List<String> configs = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N", description = "most BLAS threads (default: residuallab.threads, RESIDUALLAB_THREADS, OMP_NUM_THREADS, else cores up to 4); products under 4 M multiply-adds always use one")
    Integer threads;

    @Option(names = "--steps", paramLabel = "N", description = "timed steps per configuration (default: about 4 s worth)")
    int steps;

    @Option(names = "--no-peak", description = "skip measuring the sgemm peak")
    boolean noPeak;

    @Override
    public Integer call() {
        if (threads != null) Threads.set(threads);
        List<BenchConfig> todo = new ArrayList<>();
        if (configs.isEmpty()) todo.addAll(BenchConfig.all());
        else for (String c : configs) todo.add(BenchConfig.named(c));
        int t = Threads.max();
        double peak = noPeak ? Double.NaN : Bench.sgemmPeak(1);
        double peakT = noPeak || t == 1 ? peak : Bench.sgemmPeak(t);
        if (!noPeak) {
            System.out.printf(Locale.ROOT, "sgemm peak (1024³ float32): %.1f GFLOP/s at 1 thread%s%n", peak,
                    t == 1 ? "" : String.format(Locale.ROOT, ", %.1f GFLOP/s at %d threads", peakT, t));
        }
        for (BenchConfig c : todo) {
            Model m = c.build();
            Bench.Result r = Bench.run(c, m, steps, (model, step) -> { });
            print(c, r, t, peakT);
        }
        return 0;
    }

    static void print(BenchConfig c, Bench.Result r, int threads, double peak) {
        double med = r.median();
        System.out.printf(Locale.ROOT, "%s: %s, SGD lr %s, up to %d thread%s%n", c.name(), c.description(), BenchConfig.LR,
                threads, threads == 1 ? "" : "s");
        System.out.printf(Locale.ROOT, "  ms/step   median %.2f  p10 %.2f  p90 %.2f  min %.2f  (%d steps after %d warm-up)%n",
                med, r.percentile(10), r.percentile(90), r.percentile(0), r.stepMs().length, r.warmupSteps());
        System.out.printf(Locale.ROOT, "  steps/s   %.1f%n", 1000 / med);
        System.out.printf(Locale.ROOT, "  CPU       %.2f ms per step (process CPU time, all threads)%n", r.cpuMsPerStep());
        System.out.printf(Locale.ROOT, "  FLOPs     %.1f M per step (matrix products)%n", r.flopsPerStep() / 1e6);
        System.out.printf(Locale.ROOT, "  GFLOP/s   %.1f%s%n", r.gflops(),
                Double.isNaN(peak) ? "" : String.format(Locale.ROOT, " = %.0f%% of the sgemm peak %.1f", 100 * r.gflops() / peak, peak));
        System.out.printf(Locale.ROOT, "  RSS       %.0f MB before, %.0f MB after, %.0f MB at most%n", r.rssBeforeMb(), r.rssAfterMb(), r.rssMaxMb());
        System.out.printf(Locale.ROOT, "bench %s ms_per_step=%.3f steps=%d rss_mb=%.0f%n", r.config(), med, r.stepMs().length, r.rssAfterMb());
        System.out.flush();
    }

    /** Runs the benchmark alone (until the subcommand is wired into {@code Main}). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
