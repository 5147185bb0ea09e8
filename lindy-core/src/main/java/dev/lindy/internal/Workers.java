package dev.lindy.internal;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lindy's own executor for blocking handlers: a {@link WorkerPool} of virtual threads on Java 21+, of
 * platform threads before that, at most {@code maxWorkers} at once, started as they are needed. It runs about two
 * handlers per core while they compute and adds a thread for each handler that blocks. Either way a bounded number
 * of requests wait beyond that, and the rest are refused (the dispatcher answers 503).
 */
public final class Workers {
    private Workers() {
    }

    /**
     * Creates the worker executor.
     *
     * @param maxWorkers how many threads the pool may have: handlers that block each hold one
     * @param maxQueued how many more may wait
     * @return an executor the caller owns and shuts down
     */
    public static ExecutorService create(int maxWorkers, int maxQueued) {
        ThreadFactory virtual = virtualThreads();
        int cores = Runtime.getRuntime().availableProcessors();
        return new WorkerPool(virtual != null ? virtual : platformThreads(), maxWorkers, 2 * cores, maxQueued, 30,
                TimeUnit.SECONDS);
    }

    /**
     * Tells whether this JVM runs blocking handlers on virtual threads.
     *
     * @return true on Java 21 and later
     */
    public static boolean virtualThreadsAvailable() {
        return Runtime.version().feature() >= 21;
    }

    // Looked up at run time: the code is compiled for Java 17, where virtual threads do not exist. Null there.
    static ThreadFactory virtualThreads() {
        if (!virtualThreadsAvailable()) {
            return null;
        }
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> type = Class.forName("java.lang.Thread$Builder");
            Method name = type.getMethod("name", String.class, long.class);
            builder = name.invoke(builder, "lindy-worker-", 1L);
            return (ThreadFactory) type.getMethod("factory").invoke(builder);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static ThreadFactory platformThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "lindy-worker-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
