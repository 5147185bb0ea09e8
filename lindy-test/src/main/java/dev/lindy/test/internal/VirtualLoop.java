package dev.lindy.test.internal;

import dev.lindy.Cancellable;
import dev.lindy.spi.Loop;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * An event loop whose timers run on virtual time: tasks run at once on the loop's own thread, timers only
 * when the test advances the clock, in due order, each seeing the clock at its due time.
 */
public final class VirtualLoop implements Loop {
    private static final long SETTLE_SECONDS = 10;

    private final ExecutorService thread;
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private volatile Thread loopThread;
    private long nowNanos;
    private long sequence;

    /** Creates the loop and its thread. */
    public VirtualLoop() {
        thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lindy-test-loop");
            t.setDaemon(true);
            loopThread = t;
            return t;
        });
    }

    @Override
    public void execute(Runnable task) {
        thread.execute(task);
    }

    @Override
    public Cancellable after(Duration delay, Runnable task) {
        if (delay.isZero() || delay.isNegative()) {
            Timer t = add(0, 0, task);
            execute(() -> fire(t));
            return t;
        }
        return add(delay.toNanos(), 0, task);
    }

    @Override
    public Cancellable every(Duration period, Runnable task) {
        return add(period.toNanos(), period.toNanos(), task);
    }

    @Override
    public boolean inLoop() {
        return Thread.currentThread() == loopThread;
    }

    /**
     * Returns the virtual time elapsed since the loop was made.
     *
     * @return the time
     */
    public synchronized Duration elapsed() {
        return Duration.ofNanos(nowNanos);
    }

    /**
     * Returns how many timers wait for their time.
     *
     * @return the count
     */
    public synchronized int pendingTimers() {
        return (int) timers.stream().filter(t -> !t.cancelled).count();
    }

    /**
     * Moves virtual time forward, firing every timer that falls due, in order, on the loop thread.
     *
     * @param by how far
     */
    public void advance(Duration by) {
        settle();
        long target;
        synchronized (this) {
            target = nowNanos + by.toNanos();
        }
        for (;;) {
            Timer next;
            synchronized (this) {
                next = timers.peek();
                while (next != null && next.cancelled) {
                    timers.poll();
                    next = timers.peek();
                }
                if (next == null || next.due > target) {
                    nowNanos = target;
                    break;
                }
                timers.poll();
                nowNanos = next.due;
                if (next.period > 0) {
                    next.due += next.period;
                    next.seq = sequence++;
                    timers.add(next);
                }
            }
            Timer due = next;
            runAndWait(() -> fire(due));
            settle();
        }
    }

    /** Waits until every task queued on the loop so far has run. */
    public void settle() {
        runAndWait(() -> { });
    }

    /** Stops the loop's thread. */
    public void shutdown() {
        thread.shutdownNow();
    }

    private void runAndWait(Runnable task) {
        if (inLoop()) {
            task.run();
            return;
        }
        try {
            Future<?> f = thread.submit(task);
            f.get(SETTLE_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the test loop did not finish its work in " + SETTLE_SECONDS + " s", e);
        }
    }

    private void fire(Timer t) {
        if (!t.cancelled) {
            t.task.run();
        }
    }

    private synchronized Timer add(long delayNanos, long periodNanos, Runnable task) {
        Timer t = new Timer(nowNanos + delayNanos, periodNanos, sequence++, task);
        if (delayNanos > 0) {
            timers.add(t);
        }
        return t;
    }

    // A cancelled timer leaves the queue at once: a test that runs many requests must not pile them up.
    private synchronized void remove(Timer t) {
        timers.remove(t);
    }

    private final class Timer implements Comparable<Timer>, Cancellable {
        final long period;
        final Runnable task;
        // Guarded by the loop's lock: a periodic timer moves its own due time forward each time it fires.
        long due;
        long seq;
        volatile boolean cancelled;

        Timer(long due, long period, long seq, Runnable task) {
            this.due = due;
            this.period = period;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
            remove(this);
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
