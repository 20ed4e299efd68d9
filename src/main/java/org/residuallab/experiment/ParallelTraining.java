package org.residuallab.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.residuallab.data.Dataset;
import org.residuallab.nn.Model;
import org.residuallab.probe.ProbeSession;
import org.residuallab.probe.Probes;
import org.residuallab.train.Evaluation;
import org.residuallab.train.StepEvent;
import org.residuallab.train.TrainConfig;
import org.residuallab.train.TrainResult;
import org.residuallab.train.Trainer;
import org.residuallab.train.TrainingListener;

/**
 * Trains models on several threads at once, for {@link Compare#threads}: each model on one worker thread with
 * its own trainer and probe session, so each sees exactly the steps it would see alone (the engine's scratch
 * buffers are per thread; small matrix products run on one BLAS thread either way). The listeners hear every
 * event on the calling thread, in the order each model produced them, so a notebook's progress bars are drawn
 * from the cell's own thread. Interrupting the calling thread stops every model at its next step.
 */
final class ParallelTraining {
    /** What ran: the models, their results and probe sessions, in the order given (models that never started are left out). */
    record Outcome(List<Model> models, List<TrainResult> results, List<ProbeSession> sessions) {}

    private ParallelTraining() {}

    static Outcome run(List<Model> models, int threads, TrainConfig config, Probes probes, Dataset train, Dataset test,
                       List<TrainingListener> listeners) {
        int n = models.size();
        TrainResult[] results = new TrainResult[n];
        ProbeSession[] sessions = new ProbeSession[n];
        BlockingQueue<Runnable> events = new LinkedBlockingQueue<>(); // listener calls, run here in arrival order
        AtomicInteger counter = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, n), r -> {
            Thread t = new Thread(r, "compare-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> futures = new ArrayList<>();
        boolean interrupted = false;
        try {
            for (int i = 0; i < n; i++) {
                final int k = i;
                sessions[k] = probes.attach(models.get(k));
                futures.add(pool.submit(() -> {
                    Trainer trainer = Trainer.of(config).listener(relay(events, listeners));
                    results[k] = trainer.fit(models.get(k), train, test);
                }));
            }
            pool.shutdown();
            interrupted = relayUntilDone(events, futures);
        } finally {
            if (interrupted) futures.forEach(f -> f.cancel(true)); // the trainers stop at their next step
            pool.shutdownNow();
            awaitUninterruptibly(pool);
            for (Runnable e; (e = events.poll()) != null; ) e.run();
            for (ProbeSession s : sessions) if (s != null) s.close();
            if (interrupted) Thread.currentThread().interrupt();
        }
        for (Future<?> f : futures) rethrowFailure(f);
        List<Model> ran = new ArrayList<>();
        List<TrainResult> rs = new ArrayList<>();
        List<ProbeSession> ss = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (results[i] == null) continue;
            ran.add(models.get(i));
            rs.add(results[i]);
            ss.add(sessions[i]);
        }
        return new Outcome(ran, rs, ss);
    }

    // runs the listeners' calls until every worker is done; true when this thread was interrupted meanwhile
    private static boolean relayUntilDone(BlockingQueue<Runnable> events, List<Future<?>> futures) {
        try {
            while (true) {
                if (Thread.currentThread().isInterrupted()) return true;
                Runnable e = events.poll(20, TimeUnit.MILLISECONDS);
                if (e != null) {
                    e.run();
                    continue;
                }
                boolean done = true, failed = false;
                for (Future<?> f : futures) {
                    done &= f.isDone();
                    failed |= f.isDone() && failed(f);
                }
                if (failed) {
                    futures.forEach(f -> f.cancel(true)); // one model failed: stop the others, then report it
                    return false;
                }
                if (done && events.isEmpty()) return false;
            }
        } catch (InterruptedException e) {
            return true;
        }
    }

    private static boolean failed(Future<?> f) {
        try {
            f.get();
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (java.util.concurrent.CancellationException | InterruptedException e) {
            return false;
        }
    }

    private static void rethrowFailure(Future<?> f) {
        if (!f.isDone() || f.isCancelled()) return;
        try {
            f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException) throw (RuntimeException) c;
            if (c instanceof Error) throw (Error) c;
            throw new IllegalStateException(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitUninterruptibly(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.SECONDS)) break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    // a listener on a worker thread that hands each call to the calling thread
    private static TrainingListener relay(BlockingQueue<Runnable> events, List<TrainingListener> listeners) {
        return new TrainingListener() {
            @Override
            public void onStart(String model, TrainConfig config, long totalSteps) {
                events.add(() -> listeners.forEach(l -> l.onStart(model, config, totalSteps)));
            }

            @Override
            public void onStep(StepEvent event) {
                events.add(() -> listeners.forEach(l -> l.onStep(event)));
            }

            @Override
            public void onEvaluation(String model, Evaluation evaluation) {
                events.add(() -> listeners.forEach(l -> l.onEvaluation(model, evaluation)));
            }

            @Override
            public void onEnd(TrainResult result) {
                events.add(() -> listeners.forEach(l -> l.onEnd(result)));
            }
        };
    }
}
