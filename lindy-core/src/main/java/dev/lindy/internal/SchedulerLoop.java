package dev.lindy.internal;

import dev.lindy.Cancellable;
import dev.lindy.spi.Loop;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A {@link Loop} over a single-threaded {@link ScheduledExecutorService}, for hosts: Netty's event loops
 * are such executors, and so is a one-thread scheduler a host makes for itself.
 */
public final class SchedulerLoop implements Loop {
    private final ScheduledExecutorService executor;
    private final BooleanSupplier inLoop;
    private final Deadlines deadlines;

    /**
     * Creates the loop.
     *
     * @param executor the executor; it must run one task at a time
     * @param inLoop tells whether the calling thread is the executor's thread
     */
    public SchedulerLoop(ScheduledExecutorService executor, BooleanSupplier inLoop) {
        this.executor = executor;
        this.inLoop = inLoop;
        this.deadlines = new Deadlines(executor, inLoop);
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    @Override
    public Cancellable after(Duration delay, Runnable task) {
        if (delay.isZero() || delay.isNegative()) {
            // Due now: a plain task in the loop's queue, not an entry in its timer heap.
            Immediate now = new Immediate(task);
            executor.execute(now);
            return now;
        }
        ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    /**
     * Sets a deadline: from the loop's own thread, into a list per duration (see {@code Deadlines}), where
     * setting and cancelling one does not touch the executor's timer heap while the list has others; from
     * elsewhere, or when no list is free for the duration, as a timer.
     */
    @Override
    public Cancellable deadline(Duration delay, Runnable task) {
        long nanos = delay.toNanos();
        if (nanos > 0 && inLoop.getAsBoolean()) {
            Cancellable listed = deadlines.add(nanos, task);
            if (listed != null) {
                return listed;
            }
        }
        return after(delay, task);
    }

    @Override
    public Cancellable every(Duration period, Runnable task) {
        long nanos = period.toNanos();
        ScheduledFuture<?> f = executor.scheduleAtFixedRate(task, nanos, nanos, TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public boolean inLoop() {
        return inLoop.getAsBoolean();
    }

    /** A task due at once, which a cancel before it runs stops. */
    private static final class Immediate implements Runnable, Cancellable {
        private final Runnable task;
        private volatile boolean cancelled;

        Immediate(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            if (!cancelled) {
                task.run();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
