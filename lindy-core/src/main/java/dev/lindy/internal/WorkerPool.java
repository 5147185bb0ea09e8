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
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A pool of threads for blocking handlers (platform threads, or virtual ones where the JDK has them) that
 * starts a thread only when every one it has is busy, up to {@code max}, and hands a task straight to the
 * idle thread that parked last.
 *
 * <p>A {@code ThreadPoolExecutor} with {@code max} core threads starts a thread per task until it has all
 * of them, and then every idle thread waits on one queue lock: on two cores, 256 threads took turns at that
 * lock, and the event loop submitting a task waited behind them. Here the loop never takes a lock: admission
 * is one atomic count, a task goes to one idle worker (most recently parked, so its caches are warm) with
 * one unpark, and only when none is idle and no thread may be added does it wait in a lock-free queue.
 * Threads idle for the keep-alive time end. On virtual threads the hand-off also spares starting a thread
 * per request, and the admission takes no lock where a single one was taken three times per task.
 */
final class WorkerPool extends AbstractExecutorService {
    // A worker is woken with this instead of a task when a task was queued: it takes it from the queue.
    private static final Runnable LOOK = () -> { };

    private final ThreadFactory factory;
    private final int max;
    private final int maxQueued;
    private final long keepAliveNanos;
    // Tasks admitted and not yet finished: running or queued.
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicInteger threads = new AtomicInteger();
    private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final Set<Worker> all = ConcurrentHashMap.newKeySet();
    private final Object terminated = new Object();
    private volatile boolean shutdown;

    WorkerPool(ThreadFactory factory, int max, int maxQueued, long keepAlive, TimeUnit unit) {
        this.factory = factory;
        this.max = max;
        this.maxQueued = maxQueued;
        this.keepAliveNanos = unit.toNanos(keepAlive);
    }

    @Override
    public void execute(Runnable task) {
        if (shutdown) {
            throw new RejectedExecutionException("the workers are shut down");
        }
        if (admitted.incrementAndGet() > max + maxQueued) {
            admitted.decrementAndGet();
            throw new RejectedExecutionException("all " + max + " workers are busy and " + maxQueued + " tasks wait");
        }
        Worker w = idle.pollFirst();
        if (w != null) {
            w.give(task);
            return;
        }
        if (grow(task)) {
            return;
        }
        queue.offer(task);
        // A worker may have gone idle after the look above and before the offer: it saw no task, so wake it.
        Worker late = idle.pollFirst();
        if (late != null) {
            late.give(LOOK);
        }
    }

    // Starts a thread for the task when the pool may have one more.
    private boolean grow(Runnable task) {
        for (int n = threads.get(); n < max; n = threads.get()) {
            if (threads.compareAndSet(n, n + 1)) {
                Worker w = new Worker(task);
                try {
                    w.thread = factory.newThread(w::run);
                    all.add(w);
                    w.thread.start();
                } catch (RuntimeException | Error e) {
                    all.remove(w);
                    threads.decrementAndGet();
                    admitted.decrementAndGet();
                    throw new RejectedExecutionException("cannot start a worker thread", e);
                }
                return true;
            }
        }
        return false;
    }

    private void finished() {
        if (admitted.decrementAndGet() == 0 && shutdown) {
            synchronized (terminated) {
                terminated.notifyAll();
            }
        }
    }

    /** One thread of the pool, with the slot a submitter hands it a task through. */
    private final class Worker {
        final AtomicReference<Runnable> slot = new AtomicReference<>();
        volatile Thread thread;
        private Runnable first;

        Worker(Runnable first) {
            this.first = first;
        }

        void give(Runnable task) {
            slot.set(task);
            LockSupport.unpark(thread);
        }

        void run() {
            Runnable task = first;
            first = null;
            try {
                while (true) {
                    if (task == LOOK) {
                        task = null;
                    }
                    if (task == null) {
                        task = queue.poll();
                    }
                    if (task == null) {
                        task = await();
                        if (task == null) {
                            return;
                        }
                        continue;
                    }
                    runOne(task);
                    task = null;
                }
            } finally {
                all.remove(this);
            }
        }

        private void runOne(Runnable task) {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                Thread me = Thread.currentThread();
                Thread.UncaughtExceptionHandler h = me.getUncaughtExceptionHandler();
                if (h != null) {
                    h.uncaughtException(me, e);
                }
            } finally {
                // An interrupt meant for this task (its handler timed out) must not reach the next one.
                Thread.interrupted();
                finished();
            }
        }

        // Parks until a submitter hands over a task; null when the thread has been idle long enough to end.
        private Runnable await() {
            idle.offerFirst(this);
            // A task queued before this worker was seen idle would otherwise wait for the next submission.
            Runnable queued = queue.poll();
            if (queued != null) {
                if (idle.removeFirstOccurrence(this)) {
                    return queued;
                }
                // A submitter took this worker from the idle list and is handing it something: take both.
                Runnable handed = take(Long.MAX_VALUE);
                if (handed != LOOK) {
                    queue.offer(handed);
                }
                return queued;
            }
            Runnable handed = take(keepAliveNanos);
            if (handed != null) {
                return handed;
            }
            if (idle.removeFirstOccurrence(this)) {
                threads.decrementAndGet();
                // A task may have been queued between the last look and leaving: another worker must run it.
                Runnable orphan = queue.poll();
                if (orphan != null) {
                    queue.offer(orphan);
                    if (!grow(LOOK)) {
                        Worker other = idle.pollFirst();
                        if (other != null) {
                            other.give(LOOK);
                        }
                    }
                }
                return null;
            }
            return take(Long.MAX_VALUE);
        }

        private Runnable take(long nanos) {
            long deadline = System.nanoTime() + nanos;
            Runnable handed;
            while ((handed = slot.getAndSet(null)) == null) {
                long left = deadline - System.nanoTime();
                if (nanos != Long.MAX_VALUE && (left <= 0 || shutdown)) {
                    return null;
                }
                LockSupport.parkNanos(this, nanos == Long.MAX_VALUE ? TimeUnit.SECONDS.toNanos(1) : left);
                Thread.interrupted();
            }
            return handed;
        }
    }

    @Override
    public void shutdown() {
        shutdown = true;
        // Idle workers end now rather than at their keep-alive.
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
