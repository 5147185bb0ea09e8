package dev.lindy.servlet.internal;

import dev.lindy.spi.Loop;
import dev.lindy.internal.SchedulerLoop;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * An event loop the servlet adapter owns: one thread that runs an exchange's async handler, its timers and
 * its callbacks, since a servlet container has no loop of its own to lend.
 */
public final class ServletLoop {
    private final ScheduledThreadPoolExecutor executor;
    private final Loop loop;
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
        loop = new SchedulerLoop(executor, () -> Thread.currentThread() == thread);
    }

    /**
     * Returns the loop, as exchanges see it.
     *
     * @return the loop
     */
    public Loop loop() {
        return loop;
    }

    /** Stops the loop's thread; pending timers are dropped. */
    public void shutdown() {
        executor.shutdownNow();
    }
}
