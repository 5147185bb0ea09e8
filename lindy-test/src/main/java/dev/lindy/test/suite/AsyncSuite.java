package dev.lindy.test.suite;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import dev.lindy.Settings;
import dev.lindy.StreamWriter;
import dev.lindy.http.Response;
import dev.lindy.test.PendingResponse;
import dev.lindy.test.StreamingResponse;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The async lifecycle: answering later, exactly once, deadlines, disconnects, forgotten answers, failures,
 * streaming, and which threads run what.
 */
public abstract class AsyncSuite extends HostedSuite {
    private static final Duration SHORT_DEADLINE = Duration.ofMillis(300);

    /** Creates the suite; a subclass names the host it runs on. */
    protected AsyncSuite() {
    }

    private static App synopsis() {
        App app = Lindy.app();
        app.async(GET, "/timer", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofSeconds(1), () -> respond.send("foo!"));
        });
        app.get("/blocking", ctx -> ctx.redirect("/timer"));
        return app;
    }

    @Test
    void synopsisTimerAnswersAfterOneSecond() {
        TestHost host = serve(synopsis());
        PendingResponse pending = host.client().get("/timer").sendAsync();
        if (host.hasVirtualClock()) {
            host.clock().advance(Duration.ofMillis(999));
            assertFalse(pending.isAnswered());
            host.clock().advance(Duration.ofMillis(1));
        }
        TestResponse r = pending.await();
        assertEquals(200, r.status());
        assertEquals("foo!", r.text());
    }

    @Test
    void synopsisBlockingRouteRedirectsToTheTimer() {
        TestResponse r = serve(synopsis()).client().get("/blocking").send();
        assertEquals(302, r.status());
        assertTrue(r.header("Location").endsWith("/timer"), r.header("Location"));
    }

    @Test
    void returningAStageAnswersWhenItCompletes() {
        CompletableFuture<String> gate = new CompletableFuture<>();
        App app = Lindy.app();
        app.get("/stage", ctx -> gate.thenApply(v -> v + " " + ctx.param("x")));
        PendingResponse pending = serve(app).client().get("/stage?x=1").sendAsync();
        gate.complete("done");
        assertEquals("done 1", pending.await().text());
    }

    @Test
    void aStageMayCarryAResponse() {
        App app = Lindy.app();
        app.get("/stage", ctx -> CompletableFuture.supplyAsync(() -> Response.of(202, "accepted")));
        TestResponse r = serve(app).client().get("/stage").send();
        assertEquals(202, r.status());
        assertEquals("accepted", r.text());
    }

    @Test
    void aFailedStageAnswers500() {
        App app = Lindy.app();
        app.get("/stage", ctx -> CompletableFuture.failedFuture(new IllegalStateException("boom")));
        assertEquals(500, serve(app).client().get("/stage").send().status());
    }

    @Test
    void aSecondAnswerIsRefusedAndNeverReachesTheWire() {
        BlockingQueue<Boolean> results = new LinkedBlockingQueue<>();
        App app = Lindy.app();
        app.async(GET, "/twice", ctx -> {
            Responder respond = ctx.respond();
            results.add(respond.send("first"));
            results.add(respond.send("second"));
            results.add(respond.isDone());
        });
        TestHost host = serve(app);
        assertEquals("first", host.client().get("/twice").send().text());
        assertEquals("[true, false, true]", drain(results, 3));
        assertEquals("first", host.client().get("/twice").send().text());
    }

    @Test
    void racingAnswersNeverMixOneStatusWithAnothersBody() {
        App app = Lindy.app();
        app.async(GET, "/race", ctx -> {
            Responder respond = ctx.respond();
            CyclicBarrier start = new CyclicBarrier(4);
            for (int i = 0; i < 4; i++) {
                int status = 200 + i;
                new Thread(() -> {
                    try {
                        start.await(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    respond.send(status, "answer " + status);
                }).start();
            }
        });
        TestHost host = serve(app);
        for (int round = 0; round < 30; round++) {
            TestResponse r = host.client().get("/race").send();
            assertEquals("answer " + r.status(), r.text());
        }
    }

    @Test
    void takingTheResponderTwiceIsAnError() {
        App app = Lindy.app();
        app.async(GET, "/two", ctx -> {
            ctx.respond();
            ctx.respond();
        });
        assertEquals(500, serve(app).client().get("/two").send().status());
    }

    @Test
    void aMissedDeadlineAnswers503CancelsTimersAndRefusesLateAnswers() throws Exception {
        AtomicBoolean timerRan = new AtomicBoolean();
        CompletableFuture<Responder> held = new CompletableFuture<>();
        App app = Lindy.app();
        app.async(GET, "/slow", SHORT_DEADLINE, ctx -> {
            held.complete(ctx.respond());
            ctx.after(Duration.ofSeconds(10), () -> timerRan.set(true));
        });
        TestHost host = serve(app);
        PendingResponse pending = host.client().get("/slow").sendAsync();
        host.elapse(SHORT_DEADLINE);
        TestResponse r = pending.await();
        assertEquals(503, r.status());
        assertTrue(r.text().contains("did not arrive in time"), r.text());
        Responder late = held.get(10, TimeUnit.SECONDS);
        assertTrue(late.isDone());
        assertFalse(late.send("too late"));
        if (host.hasVirtualClock()) {
            assertEquals(0, host.clock().pendingTimers());
            host.clock().advance(Duration.ofSeconds(10));
            assertFalse(timerRan.get());
        }
    }

    @Test
    void theDeadlineComesFromTheSettingsAndTheContextMayOverrideIt() {
        App app = Lindy.app(Settings.builder().asyncDeadline(SHORT_DEADLINE).build());
        app.async(GET, "/default", ctx -> ctx.respond());
        app.async(GET, "/longer", ctx -> {
            ctx.deadline(Duration.ofSeconds(2));
            Responder respond = ctx.respond();
            ctx.after(Duration.ofSeconds(1), () -> respond.send("in time"));
        });
        TestHost host = serve(app);
        PendingResponse fast = host.client().get("/default").sendAsync();
        PendingResponse slow = host.newClient().get("/longer").sendAsync();
        host.elapse(Duration.ofSeconds(1));
        assertEquals(503, fast.await().status());
        assertEquals("in time", slow.await().text());
    }

    /**
     * Tells whether the host notices a client that leaves while its request waits with nothing written.
     * Servlet containers do not watch an idle async connection, so there a departure is noticed at the
     * next write, or the deadline ends the request.
     *
     * @return true unless the host says otherwise
     */
    protected boolean noticesIdleDisconnect() {
        return true;
    }

    @Test
    void aDisconnectRunsOnCloseAndCancelsTheRequestsTimers() throws Exception {
        Assumptions.assumeTrue(noticesIdleDisconnect(), "this host notices a departed client only when it writes");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicInteger ticks = new AtomicInteger();
        App app = Lindy.app();
        app.async(GET, "/poll", ctx -> {
            ctx.respond();
            ctx.onClose(closed::countDown);
            ctx.every(Duration.ofMillis(50), ticks::incrementAndGet);
            started.countDown();
        });
        TestHost host = serve(app);
        PendingResponse pending = host.client().get("/poll").sendAsync();
        assertTrue(started.await(10, TimeUnit.SECONDS), "the handler did not start");
        pending.disconnect();
        assertTrue(closed.await(10, TimeUnit.SECONDS), "onClose did not run");
        int seen = ticks.get();
        if (host.hasVirtualClock()) {
            assertEquals(0, host.clock().pendingTimers());
            host.clock().advance(Duration.ofSeconds(10));
        } else {
            // Ten periods of the timer: had it survived the disconnect, it would have ticked.
            Thread.sleep(500);
        }
        assertEquals(seen, ticks.get(), "a timer kept running after the client left");
    }

    @Test
    void aHandlerThatNeitherAnswersNorDefersGets500NamingTheRoute() {
        App app = Lindy.app();
        app.async(GET, "/silent", ctx -> { });
        app.get("/null", ctx -> null);
        TestHost host = serve(app);
        TestResponse silent = host.client().get("/silent").send();
        assertEquals(500, silent.status());
        assertTrue(silent.text().contains("GET /silent"), silent.text());
        TestResponse none = host.client().get("/null").send();
        assertEquals(500, none.status());
        assertTrue(none.text().contains("GET /null"), none.text());
    }

    @Test
    void aDroppedResponderGets500NamingTheRoute() throws Exception {
        App app = Lindy.app();
        app.async(GET, "/dropped", ctx -> ctx.respond());
        assertDroppedResponderAnswers500(serve(app), "/dropped");
    }

    @Test
    void aDroppedResponderGets500EvenWhenAnOnCloseActionHoldsTheContext() throws Exception {
        App app = Lindy.app();
        app.async(GET, "/poll/:topic", ctx -> {
            ctx.respond();
            ctx.onClose(() -> System.out.println("client left " + ctx.param("topic")));
        });
        assertDroppedResponderAnswers500(serve(app), "/poll/news");
    }

    @Test
    void aPendingTimerKeepsTheRequestAnswerableThroughTheContext() throws Exception {
        CountDownLatch deferred = new CountDownLatch(1);
        AtomicBoolean go = new AtomicBoolean();
        App app = Lindy.app();
        app.async(GET, "/later", ctx -> {
            ctx.respond();
            // A timer that answers only when the test lets it: no race with the collector's time.
            ctx.every(Duration.ofMillis(200), () -> {
                if (go.get()) {
                    ctx.halt(200, "answered through the context");
                }
            });
            ctx.execute(deferred::countDown);
        });
        TestHost host = serve(app);
        PendingResponse pending = host.client().get("/later").sendAsync();
        assertTrue(deferred.await(10, TimeUnit.SECONDS), "the handler did not run");
        // Give the collector and the reporter of dropped requests every chance to act, wrongly.
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
        }
        assertFalse(pending.isAnswered(), "a request a timer can still answer was ended");
        go.set(true);
        host.elapse(Duration.ofMillis(200));
        TestResponse r = pending.await();
        assertEquals(200, r.status());
        assertEquals("answered through the context", r.text());
    }

    private static void assertDroppedResponderAnswers500(TestHost host, String path) throws Exception {
        PendingResponse pending = host.client().get(path).sendAsync();
        CompletableFuture<TestResponse> answer = CompletableFuture.supplyAsync(() -> pending.await(Duration.ofSeconds(25)));
        awaitWithCollections(answer, "a dropped responder was never noticed");
        TestResponse r = answer.get();
        assertEquals(500, r.status());
        assertTrue(r.text().contains("GET " + path.replace("/news", "/:topic")), r.text());
    }

    @Test
    void aBlockingHandlerThatNeverAnswersGets503AndIsInterrupted() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CompletableFuture<String> outcome = new CompletableFuture<>();
        App app = Lindy.app(Settings.builder().handlerTimeout(Duration.ofMillis(400)).build());
        app.get("/stuck", ctx -> {
            try {
                never.await(30, TimeUnit.SECONDS);
                outcome.complete("not interrupted");
            } catch (InterruptedException e) {
                outcome.complete("interrupted");
            }
            return "too late";
        });
        app.get("/fine", ctx -> "fine");
        TestHost host = serve(app);
        TestResponse r = host.client().get("/stuck").send();
        assertEquals(503, r.status());
        assertEquals("interrupted", outcome.get(10, TimeUnit.SECONDS));
        assertEquals("fine", host.client().get("/fine").send().text());
    }

    @Test
    void blockingHandlersPastTheWorkersAndTheirQueueGet503() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(2);
        App app = Lindy.app(Settings.builder().maxWorkers(2).maxQueuedHandlers(1).build());
        app.get("/work", ctx -> {
            running.countDown();
            return release.await(30, TimeUnit.SECONDS) ? "done" : "timed out";
        });
        TestHost host = serve(app);
        PendingResponse first = host.client().get("/work").sendAsync();
        PendingResponse second = host.newClient().get("/work").sendAsync();
        assertTrue(running.await(10, TimeUnit.SECONDS), "two workers did not start");
        // Four more: one finds the queue's only place, three find it full.
        List<PendingResponse> more = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            more.add(host.newClient().get("/work").sendAsync());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (more.stream().filter(PendingResponse::isAnswered).count() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<PendingResponse> refused = more.stream().filter(PendingResponse::isAnswered).collect(Collectors.toList());
        assertEquals(3, refused.size(), "requests past the workers and their queue were not refused");
        for (PendingResponse r : refused) {
            TestResponse answer = r.await();
            assertEquals(503, answer.status());
            assertTrue(answer.text().contains("too busy"), answer.text());
        }
        release.countDown();
        assertEquals("done", first.await().text());
        assertEquals("done", second.await().text());
        more.removeAll(refused);
        assertEquals("done", more.get(0).await().text());
    }

    @Test
    void anExceptionGives500WithoutDetailsAndTheServerKeepsServing() {
        App app = Lindy.app();
        app.get("/boom", ctx -> {
            throw new IllegalStateException("secret detail");
        });
        app.get("/ok", ctx -> "ok");
        TestHost host = serve(app);
        TestResponse r = host.client().get("/boom").send();
        assertEquals(500, r.status());
        assertFalse(r.text().contains("secret detail"), r.text());
        assertEquals("ok", host.client().get("/ok").send().text());
    }

    @Test
    void developmentModeShowsTheExceptionOnTheErrorPage() {
        App app = Lindy.app(Settings.builder().development(true).build());
        app.get("/boom", ctx -> {
            throw new IllegalStateException("visible detail");
        });
        TestResponse r = serve(app).client().get("/boom").send();
        assertEquals(500, r.status());
        assertTrue(r.text().contains("visible detail"), r.text());
    }

    @Test
    void anExceptionInACallbackGives500() {
        App app = Lindy.app();
        app.async(GET, "/cb", ctx -> {
            ctx.respond();
            ctx.after(Duration.ofMillis(50), () -> {
                throw new IOException("callback failed");
            });
        });
        TestHost host = serve(app);
        PendingResponse pending = host.client().get("/cb").sendAsync();
        host.elapse(Duration.ofMillis(50));
        assertEquals(500, pending.await().status());
    }

    @Test
    void aStreamSendsEachPieceAsItIsWritten() throws Exception {
        App app = Lindy.app();
        app.async(GET, "/stream", ctx -> {
            ctx.contentType("txt");
            StreamWriter out = ctx.respond().stream();
            out.write("one\n");
            ctx.after(Duration.ofMillis(100), () -> out.write("two\n").thenRun(out::close));
        });
        TestHost host = serve(app);
        StreamingResponse r = host.client().get("/stream").stream();
        assertEquals(200, r.status());
        assertMediaType("text/plain; charset=utf-8", r.header("Content-Type"));
        assertEquals("one\n", r.readUntil("one\n"));
        host.elapse(Duration.ofMillis(100));
        assertEquals("two\n", r.readUntil("two\n"));
        assertEquals(null, r.next());
    }

    @Test
    void aClientLeavingAStreamIsNoticedAtTheNextWriteAndLaterWritesFail() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        CompletableFuture<Throwable> writeError = new CompletableFuture<>();
        App app = Lindy.app();
        app.async(GET, "/ticks", ctx -> {
            StreamWriter out = ctx.respond().stream();
            ctx.onClose(() -> {
                closed.countDown();
                out.write("after").whenComplete((v, e) -> writeError.complete(e));
            });
            ctx.every(Duration.ofMillis(100), () -> out.write("tick\n"));
        });
        TestHost host = serve(app);
        StreamingResponse r = host.client().get("/ticks").stream();
        host.elapse(Duration.ofMillis(100));
        r.readUntil("tick");
        r.disconnect();
        assertTrue(closed.await(10, TimeUnit.SECONDS), "onClose did not run");
        assertTrue(writeError.get(10, TimeUnit.SECONDS) != null, "a write after the client left succeeded");
    }

    @Test
    void aLargeStreamWrittenAtTheClientsPaceArrivesWhole() throws Exception {
        int chunks = 128;
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        App app = Lindy.app();
        app.get("/big", ctx -> {
            StreamWriter out = ctx.respond().stream();
            for (int i = 0; i < chunks; i++) {
                // Wait for each chunk to be flushed before writing the next: memory stays bounded.
                out.write(chunk.clone()).toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            out.close();
            return null;
        });
        TestResponse r = serve(app).client().get("/big").send();
        assertEquals(200, r.status());
        assertEquals(chunks * chunk.length, r.bytes().length);
    }

    @Test
    void blockingHandlersRunOffTheLoopAndAsyncHandlersOnIt() {
        App app = Lindy.app();
        app.get("/blocking", ctx -> {
            Thread handler = Thread.currentThread();
            CompletableFuture<String> f = new CompletableFuture<>();
            ctx.execute(() -> f.complete(Thread.currentThread() == handler ? "same" : "different"));
            return f;
        });
        app.async(GET, "/async", ctx -> {
            Thread handler = Thread.currentThread();
            Responder respond = ctx.respond();
            ctx.execute(() -> respond.send(Thread.currentThread() == handler ? "same" : "different"));
        });
        TestHost host = serve(app);
        assertEquals("different", host.client().get("/blocking").send().text());
        assertEquals("same", host.client().get("/async").send().text());
    }

    @Test
    void aKeywordOnAStageCallbackActsOnTheRequest() {
        App app = Lindy.app();
        app.get("/stage", ctx -> CompletableFuture.supplyAsync(() -> "x").thenApply(v -> ctx.halt(409, "conflict " + v)));
        TestResponse r = serve(app).client().get("/stage").send();
        assertEquals(409, r.status());
        assertEquals("conflict x", r.text());
    }

    @Test
    void theResponderRejectsAnUnknownBodyType() {
        App app = Lindy.app();
        app.async(GET, "/odd", ctx -> {
            Responder respond = ctx.respond();
            assertThrows(IllegalArgumentException.class, () -> respond.send(new Object()));
            respond.send("fine");
        });
        assertEquals("fine", serve(app).client().get("/odd").send().text());
    }

    private static String drain(BlockingQueue<Boolean> q, int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            try {
                Boolean b = q.poll(10, TimeUnit.SECONDS);
                sb.append(i == 0 ? "" : ", ").append(b);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return sb.append(']').toString();
    }
}
