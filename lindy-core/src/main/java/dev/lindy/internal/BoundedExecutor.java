package dev.lindy.internal;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs each task on a new thread from a factory (made for virtual threads, which are cheap to start), at
 * most {@code max} at once; further tasks wait in a queue of bounded length, and beyond that are refused. A
 * thread that finishes its task takes the next waiting one.
 */
final class BoundedExecutor extends AbstractExecutorService {
    private final ThreadFactory factory;
    private final int max;
    private final int maxQueued;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    // Guarded by lock.
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private final Set<Thread> threads = new HashSet<>();
    private int running;
    private boolean shutdown;

    BoundedExecutor(ThreadFactory factory, int max, int maxQueued) {
        this.factory = factory;
        this.max = max;
        this.maxQueued = maxQueued;
    }

    @Override
    public void execute(Runnable task) {
        lock.lock();
        try {
            if (shutdown) {
                throw new RejectedExecutionException("the workers are shut down");
            }
            if (running >= max) {
                if (queue.size() >= maxQueued) {
                    throw new RejectedExecutionException("all " + max + " workers are busy and " + maxQueued + " tasks wait");
                }
                queue.add(task);
                return;
            }
            running++;
        } finally {
            lock.unlock();
        }
        try {
            factory.newThread(() -> work(task)).start();
        } catch (RuntimeException | Error e) {
            finished();
            throw new RejectedExecutionException("cannot start a worker thread", e);
        }
    }

    private void work(Runnable first) {
        Thread me = Thread.currentThread();
        lock.lock();
        try {
            threads.add(me);
        } finally {
            lock.unlock();
        }
        Runnable task = first;
        while (task != null) {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                Thread.UncaughtExceptionHandler h = me.getUncaughtExceptionHandler();
                if (h != null) {
                    h.uncaughtException(me, e);
                }
            }
            Thread.interrupted();
            lock.lock();
            try {
                task = queue.poll();
                if (task == null) {
                    threads.remove(me);
                }
            } finally {
                lock.unlock();
            }
        }
        finished();
    }

    private void finished() {
        lock.lock();
        try {
            running--;
            if (running == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void shutdown() {
        lock.lock();
        try {
            shutdown = true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        lock.lock();
        try {
            shutdown = true;
            List<Runnable> waiting = List.copyOf(queue);
            queue.clear();
            threads.forEach(Thread::interrupt);
            return waiting;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isShutdown() {
        lock.lock();
        try {
            return shutdown;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isTerminated() {
        lock.lock();
        try {
            return shutdown && running == 0;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (!(shutdown && running == 0)) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = idle.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
