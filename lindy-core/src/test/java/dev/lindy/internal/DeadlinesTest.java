package dev.lindy.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.Cancellable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A loop's deadlines (a list per duration, one heap task each): they run in due order, never early, and not
 * when cancelled before they are due, whichever thread cancels; one that throws stops none of the others; a
 * deadline set again from a deadline's own task adds no sweep; a list emptied by cancels is free for another
 * duration; a cancel after the loop stopped is harmless.
 */
class DeadlinesTest {
    private final ScheduledThreadPoolExecutor executor = loopExecutor();
    private final Thread loopThread = onLoop(Thread::currentThread);
    private final SchedulerLoop loop = new SchedulerLoop(executor, () -> Thread.currentThread() == loopThread);

    // As Netty's loops do, a cancelled timer leaves the executor's queue at once.
    private static ScheduledThreadPoolExecutor loopExecutor() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void deadlinesOfOneDurationRunInTheOrderTheyWereSetAndNeverEarly() throws Exception {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        List<Long> at = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(20);
        long start = System.nanoTime();
        onLoop(() -> {
            for (int i = 0; i < 20; i++) {
                int n = i;
                loop.deadline(Duration.ofMillis(300), () -> {
                    ran.add(n);
                    at.add(System.nanoTime());
                    done.countDown();
                });
            }
            return null;
        });
        assertTrue(done.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < 20; i++) {
            assertEquals(i, ran.get(i));
            assertTrue(at.get(i) - start >= TimeUnit.MILLISECONDS.toNanos(300), "a deadline ran early");
        }
    }

    @Test
    void aCancelledDeadlineNeverRunsWhicheverThreadCancelsIt() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch last = new CountDownLatch(1);
        Cancellable[] deadlines = onLoop(() -> new Cancellable[] {
            loop.deadline(Duration.ofMillis(300), () -> ran.add("cancelled on the loop")),
            loop.deadline(Duration.ofMillis(300), () -> ran.add("cancelled elsewhere")),
            loop.deadline(Duration.ofMillis(300), () -> ran.add("kept")),
            loop.deadline(Duration.ofMillis(600), last::countDown),
        });
        onLoop(() -> {
            deadlines[0].cancel();
            return null;
        });
        deadlines[1].cancel();
        deadlines[0].cancel();
        assertTrue(last.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("kept"), ran);
    }

    @Test
    void aTaskThatThrowsEvenACheckedExceptionStopsNoneOfTheOthers() throws Exception {
        CountDownLatch after = new CountDownLatch(2);
        onLoop(() -> {
            loop.deadline(Duration.ofMillis(200), () -> {
                throw new IllegalStateException("a failing deadline");
            });
            loop.deadline(Duration.ofMillis(200), () -> DeadlinesTest.<RuntimeException>sneaky(new Exception("checked")));
            loop.deadline(Duration.ofMillis(200), after::countDown);
            loop.deadline(Duration.ofMillis(400), after::countDown);
            return null;
        });
        assertTrue(after.await(10, TimeUnit.SECONDS));
    }

    @Test
    void aDeadlineSetAgainFromItsOwnTaskAddsNoSweep() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        int[] queued = new int[1];
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            if (runs.incrementAndGet() < 10) {
                loop.deadline(Duration.ofMillis(20), tick[0]);
            } else {
                // Only this sweep ran: had each round scheduled a second sweep, they would be waiting here.
                queued[0] = executor.getQueue().size();
                done.countDown();
            }
        };
        onLoop(() -> loop.deadline(Duration.ofMillis(20), tick[0]));
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(0, queued[0], "sweeps left in the executor's queue");
    }

    @Test
    void moreDurationsThanListsAndDeadlinesSetOffTheLoopAllRun() throws Exception {
        int n = 40;
        CountDownLatch done = new CountDownLatch(n * 2);
        onLoop(() -> {
            for (int i = 0; i < n; i++) {
                loop.deadline(Duration.ofMillis(200 + i), done::countDown);
            }
            return null;
        });
        for (int i = 0; i < n; i++) {
            loop.deadline(Duration.ofMillis(200), done::countDown);
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
    }

    @Test
    void aCancelAfterTheLoopStoppedIsHarmless() {
        Cancellable deadline = onLoop(() -> loop.deadline(Duration.ofSeconds(30), () -> { }));
        executor.shutdownNow();
        assertDoesNotThrow(deadline::cancel);
    }

    @Test
    void aListEmptiedByCancelsIsFreeForAnotherDurationAtOnce() {
        Deadlines deadlines = new Deadlines(executor, () -> Thread.currentThread() == loopThread);
        onLoop(() -> {
            Cancellable[] set = new Cancellable[8];
            for (int i = 0; i < 8; i++) {
                set[i] = deadlines.add(TimeUnit.MINUTES.toNanos(10 + i), () -> { });
            }
            assertEquals(null, deadlines.add(TimeUnit.MINUTES.toNanos(30), () -> { }), "a ninth duration got a list");
            set[3].cancel();
            assertTrue(deadlines.add(TimeUnit.MINUTES.toNanos(30), () -> { }) != null, "the emptied list was not reused");
            return null;
        });
        assertEquals(8, executor.getQueue().size(), "one sweep per list in use");
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneaky(Throwable t) throws T {
        throw (T) t;
    }

    private <T> T onLoop(Callable<T> task) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return task.call();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, executor).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
