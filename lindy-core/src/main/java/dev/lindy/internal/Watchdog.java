package dev.lindy.internal;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the code Lindy runs for an app. A blocking handler that runs past the handler timeout without
 * answering gets its request answered with a 503 and its thread interrupted. An async handler or callback
 * that holds an event loop longer than the blocked-loop threshold is logged once, naming its route and
 * showing where it is stuck. One daemon thread scans for every app in the JVM.
 */
final class Watchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("dev.lindy.Watchdog");
    private static final int FRAMES = 12;
    private static final ScheduledExecutorService SCANNER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lindy-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final Set<Run> runs = ConcurrentHashMap.newKeySet();
    private final long handlerNanos;
    private final long loopNanos;
    private final ScheduledFuture<?> scan;

    Watchdog(Duration handlerTimeout, Duration blockedLoopThreshold) {
        this.handlerNanos = handlerTimeout.toNanos();
        this.loopNanos = blockedLoopThreshold.toNanos();
        long shortest = loopNanos > 0 ? Math.min(handlerNanos / 4, loopNanos / 2) : handlerNanos / 4;
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(TimeUnit.SECONDS.toNanos(1), shortest));
        // The scan holds the watchdog weakly, so an app that is dropped without being stopped stops its scan too.
        WeakReference<Watchdog> self = new WeakReference<>(this);
        this.scan = SCANNER.scheduleAtFixedRate(() -> {
            Watchdog w = self.get();
            if (w == null) {
                throw new CancellationException("the app is gone");
            }
            w.scan();
        }, period, period, TimeUnit.NANOSECONDS);
    }

    /**
     * Notes that a blocking handler starts on the calling worker thread.
     *
     * @return the run, to hand to {@link #done}
     */
    Run worker(Lifecycle lifecycle) {
        Run r = new Run(lifecycle, null);
        runs.add(r);
        return r;
    }

    /**
     * Notes that user code starts on the calling event-loop thread.
     *
     * @param what what runs, such as "the async handler", for the warning
     * @return the run, or null when the loop watchdog is off
     */
    Run loop(Lifecycle lifecycle, String what) {
        if (loopNanos == 0) {
            return null;
        }
        Run r = new Run(lifecycle, what);
        runs.add(r);
        return r;
    }

    /** The run ended; an interrupt the watchdog sent it is cleared, so it cannot hit the thread's next task. */
    void done(Run run) {
        if (run == null) {
            return;
        }
        runs.remove(run);
        if (run.finish()) {
            Thread.interrupted();
        }
    }

    private void scan() {
        long now = System.nanoTime();
        for (Run r : runs) {
            long age = now - r.since;
            if (r.what != null) {
                if (age > loopNanos && !r.reported) {
                    r.reported = true;
                    warnBlocked(r, age);
                }
            } else if (age > handlerNanos && !r.reported) {
                r.reported = true;
                if (r.lifecycle.handlerTimedOut()) {
                    r.interrupt();
                }
            }
        }
    }

    private static void warnBlocked(Run r, long nanos) {
        long skipped = LogLimiter.SHARED.admit("blocked " + r.lifecycle.route());
        if (skipped < 0) {
            return;
        }
        StringBuilder where = new StringBuilder();
        StackTraceElement[] frames = r.thread.getStackTrace();
        for (int i = 0; i < Math.min(FRAMES, frames.length); i++) {
            where.append("\n\tat ").append(frames[i]);
        }
        LOG.warn("{} of {} has held event loop {} for {} ms; async handlers and callbacks must not block "
                + "(use a blocking route, or answer from another thread through the responder){}{}",
                r.what, r.lifecycle.route(), r.thread.getName(), TimeUnit.NANOSECONDS.toMillis(nanos),
                LogLimiter.note(skipped), where);
    }

    @Override
    public void close() {
        scan.cancel(false);
    }

    /** One piece of user code running on one thread, from its start. */
    static final class Run {
        final Thread thread = Thread.currentThread();
        final long since = System.nanoTime();
        final Lifecycle lifecycle;
        final String what;
        // Written by the scanner only.
        volatile boolean reported;
        private boolean finished;
        private boolean interrupted;

        Run(Lifecycle lifecycle, String what) {
            this.lifecycle = lifecycle;
            this.what = what;
        }

        synchronized void interrupt() {
            if (!finished) {
                interrupted = true;
                thread.interrupt();
            }
        }

        synchronized boolean finish() {
            finished = true;
            return interrupted;
        }
    }
}
