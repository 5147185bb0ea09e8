package dev.lindy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pool for blocking handlers, on platform threads as on Java 17 to 20, and on virtual ones where they exist. */
class WorkerPoolTest {
    private final List<Thread> made = new CopyOnWriteArrayList<>();
    private final ThreadFactory factory = r -> {
        Thread t = new Thread(r, "test-worker-" + made.size());
        t.setDaemon(true);
        made.add(t);
        return t;
    };

    @Test
    void atMostMaxRunThenABoundedQueueThenRefusal() throws Exception {
        WorkerPool workers = new WorkerPool(factory, 2, 2, 1, 30, TimeUnit.SECONDS);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        AtomicInteger ran = new AtomicInteger();
        Runnable blocked = () -> {
            started.countDown();
            await(release);
            ran.incrementAndGet();
        };
        workers.execute(blocked);
        workers.execute(blocked);
        assertTrue(started.await(10, TimeUnit.SECONDS));
        workers.execute(ran::incrementAndGet);
        assertThrows(RejectedExecutionException.class, () -> workers.execute(ran::incrementAndGet));
        release.countDown();
        workers.shutdown();
        assertTrue(workers.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(3, ran.get());
        assertEquals(2, made.size());
        assertThrows(RejectedExecutionException.class, () -> workers.execute(ran::incrementAndGet));
    }

    @Test
    void tasksOneAfterAnotherReuseAnIdleThreadInsteadOfStartingMore() throws Exception {
        WorkerPool workers = new WorkerPool(factory, 256, 2, 0, 30, TimeUnit.SECONDS);
        Set<Thread> used = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 500; i++) {
            CountDownLatch done = new CountDownLatch(1);
            workers.execute(() -> {
                used.add(Thread.currentThread());
                done.countDown();
            });
            assertTrue(done.await(10, TimeUnit.SECONDS));
        }
        // A ThreadPoolExecutor with 256 core threads would have started one per task, 256 in all.
        assertTrue(made.size() <= 16, made.size() + " threads for 500 tasks one after another");
        assertEquals(made.size(), used.size());
        workers.shutdown();
        assertTrue(workers.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void aHandlerInASocketReadIsFoundBlockedThoughItsThreadStaysRunnableAndTheNextTaskGetsAThread() throws Exception {
        WorkerPool workers = new WorkerPool(factory, 4, 1, 10, 30, TimeUnit.SECONDS);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket accepted = server.accept()) {
            CountDownLatch reading = new CountDownLatch(1);
            AtomicInteger read = new AtomicInteger(-2);
            workers.execute(() -> {
                reading.countDown();
                try {
                    // Nothing is sent until the next task has run: a platform thread blocked here is RUNNABLE.
                    read.set(accepted.getInputStream().read());
                } catch (IOException e) {
                    read.set(-3);
                }
            });
            assertTrue(reading.await(10, TimeUnit.SECONDS));
            CountDownLatch next = new CountDownLatch(1);
            workers.execute(next::countDown);
            assertTrue(next.await(10, TimeUnit.SECONDS), "the task behind a thread in a socket read waited for it");
            client.getOutputStream().write(7);
            workers.shutdown();
            assertTrue(workers.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(7, read.get());
            assertEquals(2, made.size());
        }
    }

    @Test
    void aHundredHandlersThatBlockAllRunAtOnce() throws Exception {
        WorkerPool workers = new WorkerPool(factory, 128, 2, 0, 30, TimeUnit.SECONDS);
        CountDownLatch allRunning = new CountDownLatch(100);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 100; i++) {
            workers.execute(() -> {
                allRunning.countDown();
                await(release);
            });
        }
        assertTrue(allRunning.await(10, TimeUnit.SECONDS), allRunning.getCount() + " of 100 blocked handlers had no thread");
        release.countDown();
        workers.shutdown();
        assertTrue(workers.awaitTermination(10, TimeUnit.SECONDS));
        assertTrue(made.size() <= 102, made.size() + " threads for 100 handlers");
    }

    @Test
    void aTaskLeftForAThreadThatFailsToStartStillRuns() throws Exception {
        CountDownLatch inFactory = new CountDownLatch(1);
        CountDownLatch fail = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        WorkerPool workers = new WorkerPool(r -> {
            if (calls.incrementAndGet() == 1) {
                inFactory.countDown();
                await(fail);
                throw new IllegalStateException("no more threads");
            }
            return factory.newThread(r);
        }, 2, 2, 10, 30, TimeUnit.SECONDS);
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch firstRan = new CountDownLatch(1);
        Thread first = new Thread(() -> {
            try {
                workers.execute(firstRan::countDown);
            } catch (RejectedExecutionException e) {
                refused.incrementAndGet();
            }
        });
        first.start();
        assertTrue(inFactory.await(10, TimeUnit.SECONDS));
        // Submitted while the thread being started is counted as searching, so this submission wakes nobody.
        CountDownLatch second = new CountDownLatch(1);
        workers.execute(second::countDown);
        fail.countDown();
        first.join(10_000);
        assertTrue(second.await(10, TimeUnit.SECONDS), "the task left for a thread that never started was stranded");
        // The first task is refused, unless the monitor placed it on a new thread before its submitter could take
        // it back: one or the other, never both, never neither.
        if (refused.get() == 0) {
            assertTrue(firstRan.await(10, TimeUnit.SECONDS), "the first task was neither refused nor run");
        } else {
            assertEquals(1, refused.get());
            assertEquals(1, firstRan.getCount());
        }
        workers.shutdown();
        assertTrue(workers.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void everyTaskFromManySubmittersRunsExactlyOnce() throws Exception {
        WorkerPool workers = new WorkerPool(factory, 3, 3, 1_000_000, 30, TimeUnit.SECONDS);
        int submitters = 6;
        int each = 20_000;
        AtomicLong sum = new AtomicLong();
        AtomicInteger count = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new CopyOnWriteArrayList<>();
        for (int s = 0; s < submitters; s++) {
            int base = s * each;
            Thread t = new Thread(() -> {
                await(go);
                for (int i = 0; i < each; i++) {
                    long value = base + i;
                    workers.execute(() -> {
                        peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                        sum.addAndGet(value);
                        count.incrementAndGet();
                        running.decrementAndGet();
                    });
                }
            });
            threads.add(t);
            t.start();
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(30_000);
        }
        workers.shutdown();
        assertTrue(workers.awaitTermination(30, TimeUnit.SECONDS), count.get() + " tasks ran; some were stranded");
        long n = (long) submitters * each;
        assertEquals(n, count.get());
        assertEquals(n * (n - 1) / 2, sum.get());
        assertTrue(peak.get() <= 3, peak.get() + " tasks ran at once");
    }

    @Test
    void idleThreadsEndAfterTheKeepAliveAndNewOnesStartWhenNeeded() throws Exception {
        WorkerPool workers = new WorkerPool(factory, 4, 2, 10, 100, TimeUnit.MILLISECONDS);
        leaveIdle(workers, 4);
        assertIdleThreadsEndAndANewOneStarts(workers, made);
    }

    @Test
    void idleVirtualThreadsParkWithNoTimeoutAndStillEndAfterTheKeepAlive() throws Exception {
        ThreadFactory virtual = Workers.virtualThreads();
        assumeTrue(virtual != null, "virtual threads exist from Java 21 on");
        List<Thread> virtuals = new CopyOnWriteArrayList<>();
        WorkerPool workers = new WorkerPool(r -> {
            Thread t = virtual.newThread(r);
            virtuals.add(t);
            return t;
        }, 4, 4, 10, 2, TimeUnit.SECONDS);
        long idleFrom = leaveIdle(workers, 4);
        // WAITING, not TIMED_WAITING: a timed park of a virtual thread costs its scheduler a timer task.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (virtuals.stream().anyMatch(t -> t.getState() != Thread.State.WAITING)
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        for (Thread t : virtuals) {
            assertEquals(Thread.State.WAITING, t.getState(), t.getName() + " parked with a timeout, or ended early");
        }
        // With no task at all, they still end after the keep-alive.
        long ended = assertIdleThreadsEndAndANewOneStarts(workers, virtuals);
        assertTrue(ended - idleFrom >= TimeUnit.SECONDS.toNanos(2), "idle threads ended early");
    }

    // Runs n tasks at once, so on n threads, and lets them end; returns when they were let go.
    private static long leaveIdle(WorkerPool workers, int n) throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < n; i++) {
            workers.execute(() -> {
                ran.countDown();
                await(release);
            });
        }
        assertTrue(ran.await(10, TimeUnit.SECONDS));
        long now = System.nanoTime();
        release.countDown();
        return now;
    }

    // Every thread the pool made ends, and the next task gets a new one; then the pool shuts down. Returns when
    // the last had ended.
    private static long assertIdleThreadsEndAndANewOneStarts(WorkerPool workers, List<Thread> made) throws Exception {
        int before = made.size();
        for (Thread t : List.copyOf(made)) {
            t.join(10_000);
            assertFalse(t.isAlive(), t.getName() + " outlived its keep-alive");
        }
        long ended = System.nanoTime();
        CountDownLatch again = new CountDownLatch(1);
        workers.execute(again::countDown);
        assertTrue(again.await(10, TimeUnit.SECONDS));
        assertEquals(before + 1, made.size());
        workers.shutdown();
        assertTrue(workers.awaitTermination(10, TimeUnit.SECONDS));
        return ended;
    }

    @Test
    void anInterruptMeantForOneTaskNeverReachesTheNext() throws Exception {
        WorkerPool workers = new WorkerPool(factory, 1, 1, 10, 30, TimeUnit.SECONDS);
        CountDownLatch first = new CountDownLatch(1);
        workers.execute(() -> {
            Thread.currentThread().interrupt();
            first.countDown();
        });
        assertTrue(first.await(10, TimeUnit.SECONDS));
        CountDownLatch second = new CountDownLatch(1);
        AtomicInteger interrupted = new AtomicInteger(-1);
        workers.execute(() -> {
            interrupted.set(Thread.currentThread().isInterrupted() ? 1 : 0);
            second.countDown();
        });
        assertTrue(second.await(10, TimeUnit.SECONDS));
        assertEquals(0, interrupted.get());
        workers.shutdown();
        assertTrue(workers.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void shutdownNowInterruptsWhatRunsAndDropsWhatWaits() throws Exception {
        WorkerPool workers = new WorkerPool(factory, 1, 1, 5, 30, TimeUnit.SECONDS);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        workers.execute(() -> {
            started.countDown();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        workers.execute(() -> { });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertEquals(1, workers.shutdownNow().size());
        assertTrue(interrupted.await(10, TimeUnit.SECONDS));
        assertTrue(workers.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void aThreadThatCannotStartRefusesItsTaskAndFreesItsPlace() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        WorkerPool workers = new WorkerPool(r -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("no more threads");
            }
            return factory.newThread(r);
        }, 1, 1, 0, 30, TimeUnit.SECONDS);
        CountDownLatch firstRan = new CountDownLatch(1);
        try {
            workers.execute(firstRan::countDown);
        } catch (RejectedExecutionException e) {
            firstRan.countDown();
        }
        // Refused, unless the monitor placed it on a thread of its own start before its submitter could take it
        // back (a submitter without a core for a tick): then it runs.
        assertTrue(firstRan.await(10, TimeUnit.SECONDS), "the first task was neither refused nor run");
        assertTrue(attempts.get() >= 1);
        // The refused task neither holds the one place nor waits in the queue: the next one runs.
        CountDownLatch ran = new CountDownLatch(1);
        workers.execute(ran::countDown);
        assertTrue(ran.await(10, TimeUnit.SECONDS));
        workers.shutdown();
        assertTrue(workers.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void aTaskThatThrowsLeavesItsThreadServing() throws Exception {
        WorkerPool workers = new WorkerPool(r -> {
            Thread t = factory.newThread(r);
            t.setUncaughtExceptionHandler((th, e) -> { });
            return t;
        }, 1, 1, 10, 30, TimeUnit.SECONDS);
        workers.execute(() -> {
            throw new IllegalStateException("boom");
        });
        CountDownLatch after = new CountDownLatch(1);
        workers.execute(after::countDown);
        assertTrue(after.await(10, TimeUnit.SECONDS));
        assertEquals(1, made.size());
        workers.shutdown();
        assertTrue(workers.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void anUndeclaredCheckedExceptionLeavesItsThreadServing() throws Exception {
        WorkerPool workers = new WorkerPool(r -> {
            Thread t = factory.newThread(r);
            t.setUncaughtExceptionHandler((th, e) -> {
                throw new IllegalStateException("a handler that fails too");
            });
            return t;
        }, 1, 1, 10, 30, TimeUnit.SECONDS);
        workers.execute(() -> sneakyThrow(new java.io.IOException("thrown as Kotlin or Lombok would")));
        CountDownLatch after = new CountDownLatch(1);
        workers.execute(after::countDown);
        assertTrue(after.await(10, TimeUnit.SECONDS), "the pool's one place was lost with its thread");
        workers.shutdown();
        assertTrue(workers.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void aTaskOfferedAfterShutdownIsRefusedAndTerminationHolds() throws Exception {
        WorkerPool workers = new WorkerPool(factory, 2, 2, 10, 30, TimeUnit.SECONDS);
        workers.shutdown();
        assertTrue(workers.awaitTermination(10, TimeUnit.SECONDS));
        assertThrows(RejectedExecutionException.class, () -> workers.execute(() -> { }));
        assertTrue(workers.isTerminated());
        assertEquals(0, made.size());
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
