package dev.lindy.internal;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lindy's own executor for blocking handlers: on Java 21+ a virtual thread per handler, at most
 * {@code maxWorkers} at once; before that a pool of that many threads. Either way a bounded number of
 * requests wait beyond that, and the rest are refused (the dispatcher answers 503).
 */
public final class Workers {
    private Workers() {
    }

    /**
     * Creates the worker executor.
     *
     * @param maxWorkers how many handlers run at once
     * @param maxQueued how many more may wait
     * @return an executor the caller owns and shuts down
     */
    public static ExecutorService create(int maxWorkers, int maxQueued) {
        ThreadFactory virtual = virtualThreads();
        return virtual != null ? new BoundedExecutor(virtual, maxWorkers, maxQueued) : pool(maxWorkers, maxQueued);
    }

    /**
     * Tells whether this JVM runs blocking handlers on virtual threads.
     *
     * @return true on Java 21 and later
     */
    public static boolean virtualThreadsAvailable() {
        return Runtime.version().feature() >= 21;
    }

    // Looked up at run time: the code is compiled for Java 17, where virtual threads do not exist.
    private static ThreadFactory virtualThreads() {
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

    private static ExecutorService pool(int maxThreads, int maxQueued) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "lindy-worker-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(maxThreads, maxThreads, 30, TimeUnit.SECONDS,
                maxQueued == 0 ? new SynchronousQueue<>() : new LinkedBlockingQueue<>(maxQueued), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
