package dev.lindy.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a burst of alike log lines (ten thousand missed deadlines at once) from flooding the log and the
 * event loop that writes it: at most one line per key per interval, the next one telling how many were
 * left out. Thread-safe.
 */
public final class LogLimiter {
    /** The limiter all of Lindy shares. */
    public static final LogLimiter SHARED = new LogLimiter(TimeUnit.SECONDS.toNanos(10));
    private static final int MAX_KEYS = 1024;

    private final long intervalNanos;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    LogLimiter(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /**
     * Asks whether a line of this kind may be logged now.
     *
     * @param key what makes lines alike, such as the kind of event and the route
     * @return -1 to stay silent; otherwise how many alike lines were left out since the last one logged
     */
    public long admit(String key) {
        if (windows.size() > MAX_KEYS) {
            windows.clear();
        }
        Window w = windows.computeIfAbsent(key, k -> new Window(System.nanoTime() - intervalNanos));
        long now = System.nanoTime();
        long start = w.start.get();
        if (now - start >= intervalNanos && w.start.compareAndSet(start, now)) {
            return w.skipped.getAndSet(0);
        }
        w.skipped.incrementAndGet();
        return -1;
    }

    /**
     * Returns the note to append to a line after some were left out.
     *
     * @param skipped the count from {@link #admit}
     * @return empty, or a short note such as {@code " (and 41 more like it)"}
     */
    public static String note(long skipped) {
        return skipped > 0 ? " (and " + skipped + " more like it)" : "";
    }

    private static final class Window {
        final AtomicLong start;
        final AtomicLong skipped = new AtomicLong();

        Window(long start) {
            this.start = new AtomicLong(start);
        }
    }
}
