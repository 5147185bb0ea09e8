package dev.lindy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.Cancellable;
import dev.lindy.Settings;
import dev.lindy.http.Headers;
import dev.lindy.http.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle of one exchange, alone: every transition, and every race between an answer, the deadline,
 * a disconnect and a stream's end, run from several threads many times.
 */
class LifecycleTest {
    private static final Settings SETTINGS = Settings.builder().streamBufferBytes(100).build();
    private static final Response OK = Response.of(200, "ok");

    private final FakeExchange exchange = new FakeExchange();
    private final AtomicInteger closeRuns = new AtomicInteger();

    @AfterEach
    void stopLoop() {
        exchange.shutdown();
    }

    private Lifecycle lifecycle(FakeExchange ex) {
        Lifecycle lc = plain(ex);
        lc.onClose(closeRuns::incrementAndGet);
        return lc;
    }

    // A lifecycle whose own errors (deadline, dropped hold, handler timeout) answer with Lindy's plain page.
    private static Lifecycle plain(FakeExchange ex) {
        return new TestLifecycle(ex, SETTINGS, null,
                (lc, status, message) -> answer(lc, ErrorPages.page(status, message, null, false)));
    }

    private static boolean answer(Lifecycle lc, Response response) {
        return lc.claim() && lc.deliver(response);
    }

    private static StreamFlow stream(Lifecycle lc) {
        return stream(lc, Duration.ofHours(1));
    }

    private static StreamFlow stream(Lifecycle lc, Duration idle) {
        lc.claimStream();
        return lc.openStream(200, Headers.empty(), idle);
    }

    @Test
    void anExchangeIsAnsweredOnce() {
        Lifecycle lc = lifecycle(exchange);
        assertTrue(answer(lc, OK));
        assertFalse(answer(lc, Response.of(201, "again")));
        assertEquals(1, exchange.responds.get());
        assertThrows(IllegalStateException.class, () -> stream(lc));
        assertEquals(0, closeRuns.get());
    }

    @Test
    void theDeadlineAnswers503CancelsTimersAndRefusesLaterAnswers() {
        Lifecycle lc = lifecycle(exchange);
        lc.schedule(Duration.ofSeconds(5), () -> { }, true);
        lc.defer(Duration.ofSeconds(1));
        FakeExchange.Timer deadline = exchange.timers.get(exchange.timers.size() - 1);
        deadline.fire();
        assertEquals(503, exchange.response.status());
        assertFalse(answer(lc, OK));
        assertEquals(0, exchange.liveTimers());
    }

    @Test
    void timersCancelledInAnyOrderLeaveTheOthersToTheEnd() {
        Lifecycle lc = lifecycle(exchange);
        AtomicInteger runs = new AtomicInteger();
        Cancellable first = lc.schedule(Duration.ofSeconds(5), runs::incrementAndGet, false);
        lc.schedule(Duration.ofSeconds(5), runs::incrementAndGet, false);
        Cancellable third = lc.schedule(Duration.ofSeconds(5), runs::incrementAndGet, false);
        Cancellable repeating = lc.schedule(Duration.ofSeconds(5), runs::incrementAndGet, true);
        Cancellable newest = lc.schedule(Duration.ofSeconds(5), runs::incrementAndGet, false);
        // The newest, one in the middle and the oldest leave in turn, one twice; the repeating one fires.
        newest.cancel();
        third.cancel();
        first.cancel();
        third.cancel();
        exchange.timers.get(3).fire();
        exchange.timers.get(3).fire();
        assertEquals(2, runs.get());
        assertEquals(2, exchange.liveTimers());
        assertTrue(answer(lc, OK));
        assertEquals(0, exchange.liveTimers());
        repeating.cancel();
        assertEquals(0, exchange.liveTimers());
    }

    @Test
    void anEndActionThatFailsLeavesTheOthersToRunAndTheEndToBeHeard() {
        TestLifecycle lc = new TestLifecycle(exchange, SETTINGS, null, (l, status, message) -> false);
        AtomicInteger ended = lc.ends;
        AtomicInteger later = new AtomicInteger();
        lc.onEnd(() -> {
            throw new IllegalStateException("a failing end action");
        });
        lc.onEnd(later::incrementAndGet);
        assertTrue(answer(lc, OK));
        assertEquals(1, exchange.responds.get());
        assertEquals(1, later.get());
        assertEquals(1, ended.get());
        lc.closed();
        assertEquals(1, ended.get());
    }

    @Test
    void aClientLeavingRunsTheCloseActionsOnceAndCancelsTimers() throws Exception {
        Lifecycle lc = lifecycle(exchange);
        lc.schedule(Duration.ofSeconds(5), () -> { }, false);
        lc.defer(Duration.ofSeconds(1));
        lc.closed();
        lc.closed();
        exchange.settle();
        assertEquals(1, closeRuns.get());
        assertEquals(0, exchange.liveTimers());
        assertFalse(answer(lc, OK));
        assertEquals(0, exchange.responds.get());
    }

    @Test
    void anAnsweredExchangeRunsNoCloseActions() throws Exception {
        Lifecycle lc = lifecycle(exchange);
        answer(lc, OK);
        lc.closed();
        exchange.settle();
        assertEquals(0, closeRuns.get());
    }

    @Test
    void aStreamEndsOnceWhicheverEndComesFirst() throws Exception {
        Lifecycle lc = lifecycle(exchange);
        stream(lc);
        assertTrue(lc.streamClosed());
        assertFalse(lc.abortStream("late failure", null));
        lc.closed();
        exchange.settle();
        assertEquals(0, exchange.aborts.get());
        assertEquals(0, closeRuns.get());
        assertEquals(0, exchange.liveTimers());
    }

    @Test
    void abortingAStreamAbortsTheBodyAndRunsTheCloseActions() throws Exception {
        Lifecycle lc = lifecycle(exchange);
        stream(lc);
        assertTrue(lc.abortStream("the producer failed", new IllegalStateException("test")));
        assertFalse(lc.streamClosed());
        exchange.settle();
        assertEquals(1, exchange.aborts.get());
        assertEquals(1, closeRuns.get());
        assertEquals(0, exchange.liveTimers());
    }

    @Test
    void theWriteWatchEndsAStreamWhoseWritesStall() throws Exception {
        Lifecycle lc = lifecycle(exchange);
        StreamFlow flow = stream(lc);
        FakeExchange.Timer watch = exchange.timers.get(0);
        assertTrue(flow.reserve(10));
        flow.write(new byte[10]);
        watch.fire();
        exchange.writes.get(0).complete(null);
        watch.fire();
        watch.fire();
        assertEquals(0, exchange.aborts.get(), "a stream with no write waiting is not stalled");
        assertTrue(flow.reserve(10));
        flow.write(new byte[10]);
        watch.fire();
        watch.fire();
        assertEquals(0, exchange.aborts.get(), "a write just issued before a check was judged after one period");
        watch.fire();
        exchange.settle();
        assertEquals(1, exchange.aborts.get(), "writes waiting through the whole write timeout did not end the stream");
        assertEquals(1, closeRuns.get());
    }

    @Test
    void aStreamThatWritesNothingForItsDeadlineIsEnded() throws Exception {
        Lifecycle lc = lifecycle(exchange);
        StreamFlow flow = stream(lc, Duration.ofSeconds(10));
        FakeExchange.Timer watch = exchange.timers.get(0);
        watch.fire();
        assertTrue(flow.reserve(1));
        flow.write(new byte[1]);
        exchange.writes.get(0).complete(null);
        watch.fire();
        watch.fire();
        assertEquals(0, exchange.aborts.get(), "a stream that wrote within its deadline was ended");
        watch.fire();
        exchange.settle();
        assertEquals(1, exchange.aborts.get(), "a stream silent for its deadline was not ended");
        assertEquals(1, closeRuns.get());
    }

    @Test
    void aProducerIsHeldToTheByteBudgetButAOneWriteAlwaysFits() {
        Lifecycle lc = lifecycle(exchange);
        StreamFlow flow = stream(lc);
        assertTrue(flow.reserve(500), "a write larger than the budget fits when nothing waits");
        flow.write(new byte[500]);
        assertFalse(flow.reserve(1), "nothing more fits while the large write waits");
        exchange.writes.get(0).complete(null);
        assertTrue(flow.reserve(60));
        assertTrue(flow.reserve(40));
        assertFalse(flow.reserve(1));
    }

    @Test
    void aDroppedHoldEndsTheExchangeWith500() throws Exception {
        Lifecycle lc = lifecycle(exchange);
        lc.hold();
        lc.defer(Duration.ofSeconds(30));
        for (int i = 0; i < 80 && exchange.responds.get() == 0; i++) {
            System.gc();
            Thread.sleep(250);
        }
        assertEquals(1, exchange.responds.get(), "the dropped hold was never noticed");
        assertEquals(500, exchange.response.status());
    }

    @Test
    void aTimerThatHoldsTheHoldKeepsTheExchangeAnswerable() throws Exception {
        Lifecycle lc = lifecycle(exchange);
        lc.schedule(Duration.ofSeconds(5), () -> answer(lc, OK), false);
        lc.defer(Duration.ofSeconds(30));
        // Give the collector and the reporter of dropped holds every chance to act, wrongly.
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
        }
        assertEquals(0, exchange.responds.get(), "an exchange a timer can still answer was ended");
        exchange.timers.get(0).fire();
        assertEquals(200, exchange.response.status());
    }

    @Test
    void theHandlerTimeoutAnswersOnlyWhileTheHandlerRuns() {
        Lifecycle lc = lifecycle(exchange);
        assertTrue(lc.handlerTimedOut());
        assertEquals(503, exchange.response.status());

        FakeExchange other = new FakeExchange();
        Lifecycle deferred = plain(other);
        deferred.defer(Duration.ofSeconds(1));
        assertFalse(deferred.handlerTimedOut());
        assertEquals(0, other.responds.get());
        other.shutdown();
    }

    @Test
    void racingEndingsEndTheExchangeExactlyOnce() throws Exception {
        ExecutorService racers = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 500; round++) {
                FakeExchange ex = new FakeExchange();
                AtomicInteger closes = new AtomicInteger();
                Lifecycle lc = plain(ex);
                lc.onClose(closes::incrementAndGet);
                lc.schedule(Duration.ofSeconds(5), () -> { }, true);
                lc.defer(Duration.ofSeconds(1));
                FakeExchange.Timer deadline = ex.timers.get(ex.timers.size() - 1);
                CyclicBarrier start = new CyclicBarrier(4);
                List<Future<?>> done = new ArrayList<>();
                done.add(racers.submit(() -> race(start, () -> answer(lc, OK))));
                done.add(racers.submit(() -> race(start, lc::closed)));
                done.add(racers.submit(() -> race(start, deadline::fire)));
                done.add(racers.submit(() -> race(start, () -> {
                    try {
                        stream(lc);
                        lc.abortStream("the producer failed", null);
                    } catch (IllegalStateException lost) {
                        // Another ending came first.
                    }
                })));
                for (Future<?> f : done) {
                    f.get(10, TimeUnit.SECONDS);
                }
                ex.settle();
                int answered = ex.responds.get();
                int streamed = ex.streams.get();
                assertTrue(answered + streamed <= 1, "answered " + answered + " and streamed " + streamed);
                assertTrue(ex.aborts.get() <= 1, "aborted " + ex.aborts.get() + " times");
                assertEquals(answered == 1 ? 0 : 1, closes.get(), "close actions ran " + closes.get() + " times, answered " + answered);
                assertEquals(0, ex.liveTimers(), "a timer outlived the exchange");
                assertTrue(lc.isDone());
                ex.shutdown();
            }
        } finally {
            racers.shutdownNow();
        }
    }

    private static void race(CyclicBarrier start, Runnable action) {
        try {
            start.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        action.run();
    }

    @Test
    void racingClosesAndAbortsOfAStreamEndItOnce() throws Exception {
        ExecutorService racers = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 500; round++) {
                FakeExchange ex = new FakeExchange();
                AtomicInteger closes = new AtomicInteger();
                Lifecycle lc = plain(ex);
                lc.onClose(closes::incrementAndGet);
                stream(lc);
                AtomicInteger ended = new AtomicInteger();
                CyclicBarrier start = new CyclicBarrier(3);
                CompletableFuture<?> a = CompletableFuture.runAsync(() -> race(start, () -> {
                    if (lc.streamClosed()) {
                        ended.incrementAndGet();
                    }
                }), racers);
                CompletableFuture<?> b = CompletableFuture.runAsync(() -> race(start, () -> {
                    if (lc.abortStream("failed", null)) {
                        ended.incrementAndGet();
                    }
                }), racers);
                CompletableFuture<?> c = CompletableFuture.runAsync(() -> race(start, lc::closed), racers);
                CompletableFuture.allOf(a, b, c).get(10, TimeUnit.SECONDS);
                ex.settle();
                assertTrue(ended.get() <= 1);
                assertTrue(ex.aborts.get() <= 1);
                assertTrue(closes.get() <= 1);
                assertEquals(0, ex.liveTimers());
                ex.shutdown();
            }
        } finally {
            racers.shutdownNow();
        }
    }
}
