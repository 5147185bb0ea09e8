package dev.lindy.servlet.internal;

import dev.lindy.Cancellable;
import dev.lindy.spi.Loop;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * An event loop the servlet adapter owns: one thread that runs an exchange's async handler, its timers and
 * its callbacks, since a servlet container has no loop of its own to lend.
 */
public final class ServletLoop implements Loop {
    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    /**
     * Creates the loop and starts its thread.
     *
     * @param name the thread's name
     */
    public ServletLoop(String name) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        // Cancelled deadlines would otherwise stay queued until they were due.
        executor.setRemoveOnCancelPolicy(true);
        executor.prestartCoreThread();
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    @Override
    public Cancellable after(Duration delay, Runnable task) {
        ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public Cancellable every(Duration period, Runnable task) {
        long nanos = period.toNanos();
        ScheduledFuture<?> f = executor.scheduleAtFixedRate(task, nanos, nanos, TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Stops the loop's thread; pending timers are dropped. */
    public void shutdown() {
        executor.shutdownNow();
    }
}
