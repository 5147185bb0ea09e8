package dev.lindy.netty.internal;

import dev.lindy.internal.LogLimiter;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event loop's open HTTP/1 connections, whose deadlines one periodic task checks, instead
 * of a scheduled task per connection: a connection costs two links here, not a task in the loop's timer
 * heap. The task runs only while the loop has connections. Used on the loop's thread only.
 */
final class ConnectionSweep implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSweep.class);
    private static final FastThreadLocal<ConnectionSweep> OF_THREAD = new FastThreadLocal<>();
    // A snapshot list grown past this by a crowd is let go after its sweep, not kept at its peak.
    private static final int KEPT_CAPACITY = 1024;

    private final EventExecutor loop;
    private ConnectionHandler first;
    private long periodNanos;
    private ScheduledFuture<?> task;
    // The connections of one sweep, taken before any is checked: a check that closes its connection unlinks
    // it from the list being walked.
    private List<ConnectionHandler> sweeping = new ArrayList<>();

    private ConnectionSweep(EventExecutor loop) {
        this.loop = loop;
    }

    /**
     * Returns the sweep of the calling event loop.
     *
     * @param loop the event loop, whose thread is the caller
     */
    static ConnectionSweep of(EventExecutor loop) {
        ConnectionSweep sweep = OF_THREAD.get();
        if (sweep == null || sweep.loop != loop) {
            sweep = new ConnectionSweep(loop);
            OF_THREAD.set(sweep);
        }
        return sweep;
    }

    /**
     * Adds a connection, checked at least every period from now on.
     *
     * @param c the connection, not in any sweep
     * @param period how often its deadlines need a look
     */
    void add(ConnectionHandler c, long period) {
        c.sweepNext = first;
        if (first != null) {
            first.sweepPrev = c;
        }
        first = c;
        c.inSweep = true;
        if (task == null || task.isDone() || period < periodNanos) {
            long next = task == null ? period : Math.min(period, periodNanos);
            if (task != null) {
                task.cancel(false);
            }
            task = loop.scheduleWithFixedDelay(this, next, next, TimeUnit.NANOSECONDS);
            periodNanos = next;
        }
    }

    /**
     * Removes a connection; nothing when it is not in the sweep.
     *
     * @param c the connection
     */
    void remove(ConnectionHandler c) {
        if (!c.inSweep) {
            return;
        }
        c.inSweep = false;
        if (c.sweepPrev == null) {
            first = c.sweepNext;
        } else {
            c.sweepPrev.sweepNext = c.sweepNext;
        }
        if (c.sweepNext != null) {
            c.sweepNext.sweepPrev = c.sweepPrev;
        }
        c.sweepPrev = null;
        c.sweepNext = null;
        if (first == null && task != null) {
            task.cancel(false);
            task = null;
        }
    }

    @Override
    public void run() {
        for (ConnectionHandler c = first; c != null; c = c.sweepNext) {
            sweeping.add(c);
        }
        long now = System.nanoTime();
        try {
            for (ConnectionHandler c : sweeping) {
                if (c.inSweep) {
                    check(c, now);
                }
            }
        } finally {
            if (sweeping.size() > KEPT_CAPACITY) {
                sweeping = new ArrayList<>();
            } else {
                sweeping.clear();
            }
        }
    }

    // What one connection's check throws (app code it reached, such as an access log) ends that connection;
    // the sweep, and with it every other connection's timeouts, goes on.
    private static void check(ConnectionHandler c, long now) {
        try {
            c.checkDeadlines(now);
        } catch (Throwable t) {
            c.closeAfterFailure();
            try {
                long skipped = LogLimiter.SHARED.admit("connection sweep");
                if (skipped >= 0) {
                    LOG.error("checking a connection's deadlines failed; closed it{}", LogLimiter.note(skipped), t);
                }
            } catch (Throwable logging) {
                // A logger that fails must not take every other connection's timeouts with it.
            }
        }
    }
}
