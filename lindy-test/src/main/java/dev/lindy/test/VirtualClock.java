package dev.lindy.test;

import dev.lindy.test.internal.VirtualLoop;
import java.time.Duration;

/**
 * The virtual clock of an in-process host: timers made with {@code ctx.after} and {@code ctx.every}, and
 * deadlines, fire only when the test advances it, so a 30-second timer takes no real time.
 *
 * <pre>{@code
 * PendingResponse pending = host.client().get("/timer").sendAsync();
 * host.clock().advance(Duration.ofSeconds(1));
 * assertEquals("foo!", pending.await().text());
 * }</pre>
 */
public final class VirtualClock {
    private final VirtualLoop loop;

    VirtualClock(VirtualLoop loop) {
        this.loop = loop;
    }

    /**
     * Moves time forward, firing every timer that falls due, in order, and waits until they have run.
     *
     * @param by how far
     */
    public void advance(Duration by) {
        loop.advance(by);
    }

    /**
     * Returns the virtual time since the host started.
     *
     * @return the time
     */
    public Duration elapsed() {
        return loop.elapsed();
    }

    /**
     * Returns how many timers wait for their time, deadlines included.
     *
     * @return the count
     */
    public int pendingTimers() {
        return loop.pendingTimers();
    }

    /**
     * Waits (in real time, up to 10 s) until at least this many timers are pending; useful when a blocking
     * handler, which runs on a worker thread, sets a timer.
     *
     * @param count the number of timers to wait for
     * @throws IllegalStateException if they do not appear in time
     */
    public void awaitTimers(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (loop.pendingTimers() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("expected " + count + " pending timers, found " + loop.pendingTimers());
            }
            Thread.onSpinWait();
            loop.settle();
        }
    }
}
