package dev.lindy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedExecutorTest {
    @Test
    void atMostMaxRunThenABoundedQueueThenRefusal() throws Exception {
        BoundedExecutor workers = new BoundedExecutor(Thread::new, 2, 1);
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
        assertThrows(RejectedExecutionException.class, () -> workers.execute(ran::incrementAndGet));
    }

    @Test
    void shutdownNowInterruptsWhatRunsAndDropsWhatWaits() throws Exception {
        BoundedExecutor workers = new BoundedExecutor(Thread::new, 1, 5);
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

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
