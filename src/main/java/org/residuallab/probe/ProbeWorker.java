package org.residuallab.probe;

import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where probe statistics are computed: on one shared daemon thread ({@code residual-lab-probes}) when
 * the machine has a second core, so that training does not wait for them; else on the training thread.
 * A hook queues work that reads the step's arrays in place ({@link ProbeTarget#live}: run first, and
 * waited for at the end of the step) and work that records rows ({@link ProbeTarget#later}: run in the
 * order it was queued); histograms work on copies in pooled buffers. Work is handed over in batches
 * (waking the probe thread for each piece of work cost the training thread more than the work itself). At most {@link #BUDGET} copied elements wait at any time: when the
 * probe thread falls behind, the training thread waits for it, so memory stays bounded and the probe
 * thread can never be more than about one training step behind. Set
 * {@code -Dresiduallab.probes.async=false} to compute everything on the training thread.
 */
final class ProbeWorker {
    /** True when statistics run on the probe thread. */
    static final boolean ASYNC = Runtime.getRuntime().availableProcessors() > 1
            && !"false".equalsIgnoreCase(System.getProperty("residuallab.probes.async", "true"));

    /** Copied elements that may wait for the probe thread (32 MB as float32). */
    static final int BUDGET = 1 << 23;

    private static final LinkedBlockingQueue<Runnable> QUEUE = new LinkedBlockingQueue<>();
    // work that reads arrays in place: it must be done before the step ends, so it goes before anything else
    private static final ConcurrentLinkedQueue<Runnable> LIVE = new ConcurrentLinkedQueue<>();
    private static final Runnable WAKE = () -> { };
    private static final Semaphore WAITING = new Semaphore(BUDGET);
    private static final Map<Long, Deque<Stats.Elements>> POOL = new ConcurrentHashMap<>();
    private static final AtomicLong POOLED = new AtomicLong();
    private static volatile Thread thread;

    private ProbeWorker() {}

    /** True on the probe thread itself (its work records directly; it must never wait for itself). */
    static boolean onProbeThread() {
        return Thread.currentThread() == thread;
    }

    /** CPU time of the probe thread so far (0 before it started). */
    static long cpuNanos() {
        Thread t = thread;
        if (t == null) return 0;
        long ns = java.lang.management.ManagementFactory.getThreadMXBean().getThreadCpuTime(t.getId());
        return Math.max(0, ns);
    }

    /** Queues {@code work} for the probe thread. */
    static void submit(Runnable work) {
        start();
        QUEUE.add(work);
    }

    /** Queues {@code work}, which reads arrays in place, ahead of all other work. */
    static void submitLive(Runnable work) {
        start();
        LIVE.add(work);
        QUEUE.add(WAKE); // the probe thread may be waiting for ordinary work
    }

    /** On the probe thread: runs all work that reads arrays in place (between any two pieces of other work). */
    static void runLive() {
        Runnable r;
        while ((r = LIVE.poll()) != null) r.run();
    }

    /** Targets holding queued work not yet handed to the probe thread (see {@link ProbeTarget#flush()}). */
    private static final Set<ProbeTarget> HOLDING = ConcurrentHashMap.newKeySet();

    static void holding(ProbeTarget t) {
        HOLDING.add(t);
    }

    static void released(ProbeTarget t) {
        HOLDING.remove(t);
    }

    /** Hands every target's held work to the probe thread (before waiting for the budget it may hold). */
    static void flushAll() {
        for (ProbeTarget t : HOLDING) t.flush();
    }

    /** A copy of x's elements in a pooled buffer, counted against {@link #BUDGET} until {@link #recycle}d. */
    static Stats.Elements copy(INDArray x) {
        int n = (int) x.length();
        boolean isFloat = x.dataType() == DataType.FLOAT;
        if (!WAITING.tryAcquire(permits(n))) {
            flushAll(); // the copies held in unsent batches can only come back once the probe thread has them
            WAITING.acquireUninterruptibly(permits(n));
        }
        Deque<Stats.Elements> free = POOL.get(key(n, isFloat));
        Stats.Elements e = free == null ? null : free.pollFirst();
        if (e != null) POOLED.addAndGet(-n);
        return Stats.copy(x, e);
    }

    /** Returns a buffer from {@link #copy}; the pool keeps at most {@link #BUDGET} elements for reuse. */
    static void recycle(Stats.Elements e) {
        WAITING.release(permits(e.n));
        if (POOLED.addAndGet(e.n) <= BUDGET) {
            POOL.computeIfAbsent(key(e.n, e.isFloat), k -> new ConcurrentLinkedDeque<>()).addFirst(e);
        } else {
            POOLED.addAndGet(-e.n);
        }
    }

    // at most half the budget per copy: a copy then never waits for what the step's cache holds (a quarter)
    private static int permits(int n) {
        return Math.max(1, Math.min(n, BUDGET / 2));
    }

    private static long key(int n, boolean isFloat) {
        return 2L * n + (isFloat ? 1 : 0);
    }

    private static void start() {
        if (thread != null) return;
        synchronized (ProbeWorker.class) {
            if (thread != null) return;
            Thread t = new Thread(ProbeWorker::loop, "residual-lab-probes");
            t.setDaemon(true);
            thread = t;
            t.start();
        }
    }

    private static void loop() {
        while (true) {
            Runnable work;
            try {
                work = QUEUE.take();
            } catch (InterruptedException e) {
                continue; // nobody but the JVM's exit stops this daemon
            }
            runLive();
            work.run(); // each task catches its own failures (ProbeTarget.later, ProbeTarget.live)
        }
    }
}
