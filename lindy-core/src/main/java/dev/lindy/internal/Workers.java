package dev.lindy.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Lindy's own executor for blocking handlers: virtual threads on Java 21+, a bounded pool before that. */
public final class Workers {
    private Workers() {
    }

    /**
     * Creates the worker executor.
     *
     * @param maxThreads the pool size when the JVM has no virtual threads
     * @return an executor the caller owns and shuts down
     */
    public static ExecutorService create(int maxThreads) {
        ExecutorService virtual = virtualThreads();
        return virtual != null ? virtual : pool(maxThreads);
    }

    /**
     * Tells whether this JVM runs blocking handlers on virtual threads.
     *
     * @return true on Java 21 and later
     */
    public static boolean virtualThreadsAvailable() {
        return Runtime.version().feature() >= 21;
    }

    // Looked up at run time: the code is compiled for Java 17, where the method does not exist.
    private static ExecutorService virtualThreads() {
        if (!virtualThreadsAvailable()) {
            return null;
        }
        try {
            return (ExecutorService) MethodHandles.publicLookup()
                    .findStatic(java.util.concurrent.Executors.class, "newVirtualThreadPerTaskExecutor",
                            MethodType.methodType(ExecutorService.class))
                    .invoke();
        } catch (Throwable e) {
            return null;
        }
    }

    private static ExecutorService pool(int maxThreads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "lindy-worker-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        // Bounded queue: when it is full, the dispatcher answers 503 instead of piling up work.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(maxThreads, maxThreads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(Math.max(1024, maxThreads * 64)), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
