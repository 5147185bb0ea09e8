package dev.lindy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A pool of threads for blocking handlers (platform threads, or virtual ones where the JDK has them) that
 * wakes or starts a thread only when no thread is about to look for work, up to {@code max} threads.
 *
 * <p>A {@code ThreadPoolExecutor} with {@code max} core threads starts a thread per task until it has all
 * of them, and then every idle thread waits on one queue lock: on two cores, 256 threads took turns at that
 * lock, and the event loop submitting a task waited behind them. Here the loop never takes a lock: admission
 * is one atomic count and a task goes into a lock-free queue. A thread that finishes a task takes the next
 * one from the queue without parking, and while one does, a submission wakes nobody; otherwise it wakes the
 * idle thread that parked last (its caches are warm) or, when every thread is busy, starts one. A thread that
 * takes a task and sees more waiting wakes another, so a burst spreads over as many threads as it needs.
 * Threads idle for the keep-alive time end.
 */
final class WorkerPool extends AbstractExecutorService {
    private final ThreadFactory factory;
    private final int max;
    private final int maxQueued;
    private final int limit;
    private final long keepAliveNanos;
    // Tasks admitted and not yet finished: running or queued.
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicInteger threads = new AtomicInteger();
    // Threads between tasks that will look at the queue before they park.
    private final AtomicInteger searching = new AtomicInteger();
    private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final Set<Worker> all = ConcurrentHashMap.newKeySet();
    private final Object terminated = new Object();
    private volatile boolean shutdown;

    WorkerPool(ThreadFactory factory, int max, int maxQueued, long keepAlive, TimeUnit unit) {
        this.factory = factory;
        this.max = max;
        this.maxQueued = maxQueued;
        this.limit = (int) Math.min(Integer.MAX_VALUE, (long) max + maxQueued);
        this.keepAliveNanos = unit.toNanos(keepAlive);
    }

    @Override
    public void execute(Runnable task) {
        // Counted before the shutdown is read: either this sees the shutdown, or shutdown() sees this task.
        if (admitted.incrementAndGet() > limit) {
            admitted.decrementAndGet();
            throw new RejectedExecutionException("all " + max + " workers are busy and " + maxQueued + " tasks wait");
        }
        if (shutdown) {
            finished();
            throw new RejectedExecutionException("the workers are shut down");
        }
        queue.offer(task);
        if (searching.get() > 0) {
            return;
        }
        try {
            signal();
        } catch (RejectedExecutionException e) {
            if (queue.remove(task)) {
                admitted.decrementAndGet();
                throw e;
            }
        }
    }

    // Wakes the idle thread that parked last, or starts a thread when every one is busy and there may be more.
    private void signal() {
        Worker w = idle.pollFirst();
        if (w != null) {
            w.wake();
            return;
        }
        for (int n = threads.get(); n < max; n = threads.get()) {
            if (threads.compareAndSet(n, n + 1)) {
                start();
                return;
            }
        }
    }

    // From a worker: a thread that cannot be started leaves the task queued for the threads there are.
    private void signalQuietly() {
        try {
            signal();
        } catch (RejectedExecutionException e) {
            // The pool keeps the threads it has; they take the queue in turn.
        }
    }

    // Counted as searching only once it runs: a thread that fails to start must not make submitters leave their
    // tasks for it. A count read low meanwhile costs one needless wake, never a lost one.
    private void start() {
        Worker w = new Worker();
        try {
            w.thread = factory.newThread(w::run);
            all.add(w);
            w.thread.start();
        } catch (RuntimeException | Error e) {
            all.remove(w);
            threads.decrementAndGet();
            throw new RejectedExecutionException("cannot start a worker thread", e);
        }
        searching.incrementAndGet();
    }

    private void finished() {
        if (admitted.decrementAndGet() == 0 && shutdown) {
            synchronized (terminated) {
                terminated.notifyAll();
            }
        }
    }

    /** One thread of the pool; it starts out searching the queue. */
    private final class Worker {
        volatile Thread thread;
        private volatile boolean woken;

        void wake() {
            woken = true;
            LockSupport.unpark(thread);
        }

        void run() {
            boolean normal = false;
            try {
                while (true) {
                    Runnable task = queue.poll();
                    if (task == null) {
                        idle.offerFirst(this);
                        searching.decrementAndGet();
                        // A task offered while this thread still counted as searching woke nobody: look again.
                        task = queue.poll();
                        if (task == null) {
                            if (!await()) {
                                normal = true;
                                return;
                            }
                            searching.incrementAndGet();
                            continue;
                        }
                        if (!idle.removeFirstOccurrence(this)) {
                            // A submitter took this thread from the idle list and is waking it: take that wake now,
                            // or it would leave this thread listed idle while it runs.
                            while (!woken) {
                                LockSupport.park(this);
                            }
                            woken = false;
                        }
                        searching.incrementAndGet();
                    }
                    searching.decrementAndGet();
                    if (!queue.isEmpty()) {
                        signalQuietly();
                    }
                    runOne(task);
                    searching.incrementAndGet();
                }
            } finally {
                all.remove(this);
                if (!normal) {
                    // Ended by something runOne could not hold: give its place back, and the queue a thread.
                    threads.decrementAndGet();
                    if (!queue.isEmpty()) {
                        signalQuietly();
                    }
                }
            }
        }

        private void runOne(Runnable task) {
            try {
                task.run();
            } catch (Throwable e) {
                // Anything, checked exceptions thrown undeclared included: the thread goes on serving.
                Thread me = Thread.currentThread();
                Thread.UncaughtExceptionHandler h = me.getUncaughtExceptionHandler();
                if (h != null) {
                    try {
                        h.uncaughtException(me, e);
                    } catch (Throwable ignored) {
                        // A handler that fails has nothing left to tell.
                    }
                }
            } finally {
                // An interrupt meant for this task (its handler timed out) must not reach the next one.
                Thread.interrupted();
                finished();
            }
        }

        // Parks until woken; false when the thread ends instead: idle for the keep-alive, or the pool stopping
        // with nothing left to run.
        private boolean await() {
            long deadline = System.nanoTime() + keepAliveNanos;
            boolean leaving = false;
            while (!woken) {
                long left = deadline - System.nanoTime();
                if (!leaving && (left <= 0 || (shutdown && queue.isEmpty()))) {
                    if (idle.removeFirstOccurrence(this)) {
                        threads.decrementAndGet();
                        // A task queued as this thread left finds another one.
                        if (!queue.isEmpty()) {
                            signalQuietly();
                        }
                        return false;
                    }
                    // A submitter took this thread from the idle list: its wake is on the way.
                    leaving = true;
                }
                LockSupport.parkNanos(this, leaving || left <= 0 ? TimeUnit.MILLISECONDS.toNanos(10) : left);
                Thread.interrupted();
            }
            woken = false;
            return true;
        }
    }

    @Override
    public void shutdown() {
        shutdown = true;
        // Idle threads end now rather than at their keep-alive.
        for (Worker w : idle) {
            LockSupport.unpark(w.thread);
        }
        if (admitted.get() == 0) {
            synchronized (terminated) {
                terminated.notifyAll();
            }
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        List<Runnable> waiting = new ArrayList<>();
        for (Runnable r = queue.poll(); r != null; r = queue.poll()) {
            waiting.add(r);
            finished();
        }
        for (Worker w : all) {
            Thread t = w.thread;
            if (t != null) {
                t.interrupt();
            }
        }
        return waiting;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && admitted.get() == 0;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (terminated) {
            while (!isTerminated()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(terminated, left);
            }
            return true;
        }
    }
}
