package org.residuallab.probe;

import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where probe statistics are computed: on one shared daemon thread ({@code residual-lab-probes}) when
 * the machine has a second core, so that training does not wait for them; else on the training thread.
 * A hook queues work that reads the step's arrays in place ({@link ProbeTarget#live}: run first, and
 * waited for at the end of the step) and work that records rows ({@link ProbeTarget#later}: run in the
 * order it was queued); histograms work on copies in pooled buffers. In-place work is handed over
 * piece by piece, so that it overlaps the rest of the step; the probe thread spins for
 * {@link #SPIN_NANOS} before it sleeps, so that during training handing over costs a queue insert and
 * no wake-up. Ordered work goes in batches. At most {@link #BUDGET} copied elements wait at any time:
 * when the probe thread falls behind, the training thread waits for it, so memory stays bounded. Set
 * {@code -Dresiduallab.probes.async=false} to compute everything on the training thread.
 */
final class ProbeWorker {
    /** True when statistics run on the probe thread. */
    static final boolean ASYNC = Runtime.getRuntime().availableProcessors() > 1
            && !"false".equalsIgnoreCase(System.getProperty("residuallab.probes.async", "true"));

    /** Copied elements that may wait for the probe thread (32 MB as float32). */
    static final int BUDGET = 1 << 23;

    private static final ConcurrentLinkedQueue<Runnable> QUEUE = new ConcurrentLinkedQueue<>();
    // work that reads arrays in place: it must be done before the step ends, so it goes before anything else
    private static final ConcurrentLinkedQueue<Runnable> LIVE = new ConcurrentLinkedQueue<>();
    // how long the probe thread looks for new work before it sleeps: longer than the gaps between a training
    // step's hooks, so that during training handing over work costs a queue insert and no wake-up (a wake-up
    // cost the training thread about 4 µs here, and the one before each layer's work added up to 5 % of a step)
    static final long SPIN_NANOS = 500_000;
    private static volatile boolean parked;
    private static final Semaphore WAITING = new Semaphore(BUDGET);
    private static final Map<Long, Deque<Stats.Elements>> POOL = new ConcurrentHashMap<>();
    private static final AtomicLong POOLED = new AtomicLong();
    private static volatile Thread thread;

    private ProbeWorker() {}

    /** True on the probe thread itself (its work records directly; it must never wait for itself). */
    static boolean onProbeThread() {
        return Thread.currentThread() == thread;
    }

    // time spent running work on the probe thread (written by it only)
    private static volatile long busy;

    /** Time the probe thread has spent running work so far, in ns (0 before it started). */
    static long busyNanos() {
        return busy;
    }

    /** Queues {@code work} for the probe thread. */
    static void submit(Runnable work) {
        start();
        QUEUE.add(work);
        wake();
    }

    /** Queues {@code work}, which reads arrays in place, ahead of all other work. */
    static void submitLive(Runnable work) {
        start();
        LIVE.add(work);
        wake();
    }

    // the queue insert before this and the probe thread's 'parked = true' before it looks again are both
    // volatile: either it sees the new work or this sees it parked
    private static void wake() {
        if (parked) LockSupport.unpark(thread);
    }

    /**
     * On the probe thread, between any two pieces of other work: runs all work that reads arrays in place,
     * and waits for what a training thread took over ({@link #helpLive}), so that the work after sees its results.
     */
    static void runLive() {
        Runnable r;
        while ((r = LIVE.poll()) != null) r.run();
        while (HELPING.get() > 0) Thread.onSpinWait(); // a few µs: one piece of in-place work
    }

    // training threads running in-place work they took from LIVE; counted before they take it (see runLive)
    private static final AtomicInteger HELPING = new AtomicInteger();

    /**
     * On a training thread waiting for the step's in-place work: runs one piece of it (of any target: each
     * only reads arrays of a step that waits for it) and returns true, or returns false when none is queued.
     */
    static boolean helpLive() {
        HELPING.incrementAndGet();
        try {
            Runnable r = LIVE.poll();
            if (r == null) return false;
            r.run();
            return true;
        } finally {
            HELPING.decrementAndGet();
        }
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
        long idleSince = System.nanoTime();
        while (true) {
            if (!LIVE.isEmpty() || !QUEUE.isEmpty()) {
                long t0 = System.nanoTime();
                runLive();
                Runnable work = QUEUE.poll();
                if (work != null) work.run(); // each task catches its own failures (ProbeTarget.later, ProbeTarget.live)
                idleSince = System.nanoTime();
                busy += idleSince - t0;
            } else if (idleSince + SPIN_NANOS - System.nanoTime() > 0) {
                Thread.onSpinWait();
            } else {
                parked = true;
                if (QUEUE.isEmpty() && LIVE.isEmpty()) LockSupport.park(); // an interrupt or a spurious return just loops
                parked = false;
                idleSince = System.nanoTime();
            }
        }
    }
}
