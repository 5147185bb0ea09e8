package dev.lindy.test.suite;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import dev.lindy.Settings;
import dev.lindy.StreamWriter;
import dev.lindy.test.RawConnection;
import dev.lindy.test.StreamingResponse;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Streamed responses under everything that can go wrong: a producer that fails, drops its writer, ignores
 * backpressure or races itself, and a client that reads slowly or not at all. Every stream ends, nothing
 * grows without bound.
 */
public abstract class StreamingSuite extends HostedSuite {
    private static final int CHUNK = 64 * 1024;

    /** Creates the suite; a subclass names the host it runs on. */
    protected StreamingSuite() {
    }

    /**
     * Tells whether the host can show the client that an ended stream is incomplete (closing the connection
     * before the end of the chunked body). Servlet containers offer no portable way to, so there an ended
     * stream just ends.
     *
     * @return true unless the host says otherwise
     */
    protected boolean abortsVisibly() {
        return true;
    }

    // ---- a producer that fails ---------------------------------------------------------------------------

    @Test
    void aStreamWhoseCallbackThrowsIsEndedAndItsTimersStop() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        AtomicInteger ticks = new AtomicInteger();
        App app = Lindy.app();
        app.async(GET, "/fails", ctx -> {
            StreamWriter out = ctx.respond().stream();
            out.write("first\n");
            ctx.onClose(closed::countDown);
            ctx.every(Duration.ofMillis(100), () -> {
                ticks.incrementAndGet();
                throw new IllegalStateException("the producer failed");
            });
        });
        TestHost host = serve(app);
        StreamingResponse r = host.client().get("/fails").stream();
        assertEquals("first\n", r.readUntil("first\n"));
        host.elapse(Duration.ofMillis(100));
        assertEnds(r);
        assertTrue(closed.await(10, TimeUnit.SECONDS), "onClose did not run when the stream was ended");
        assertStaysAt(host, ticks, 1, Duration.ofMillis(600));
    }

    @Test
    void aProducerCanEndItsStreamWithAFailure() throws Exception {
        App app = Lindy.app();
        app.async(GET, "/writer", ctx -> {
            StreamWriter out = ctx.respond().stream();
            out.write("partial\n");
            ctx.after(Duration.ofMillis(50), () -> out.fail(new IOException("the database went away")));
        });
        app.async(GET, "/responder", ctx -> {
            Responder respond = ctx.respond();
            StreamWriter out = respond.stream();
            out.write("partial\n").thenRunAsync(() -> respond.fail(new IOException("the feed went away")));
        });
        TestHost host = serve(app);
        for (String path : new String[] {"/writer", "/responder"}) {
            StreamingResponse r = host.client().get(path).stream();
            assertEquals("partial\n", r.readUntil("partial\n"));
            host.elapse(Duration.ofMillis(50));
            assertEnds(r);
        }
    }

    @Test
    void aStreamWriterDroppedWithoutCloseIsEnded() throws Exception {
        App app = Lindy.app();
        app.async(GET, "/dropped", ctx -> ctx.respond().stream().write("only\n"));
        TestHost host = serve(app);
        StreamingResponse r = host.client().get("/dropped").stream();
        assertEquals("only\n", r.readUntil("only\n"));
        CompletableFuture<Void> ended = CompletableFuture.runAsync(() -> assertEnds(r));
        awaitWithCollections(ended, "the dropped stream was not ended");
    }

    // ---- a producer that races itself ----------------------------------------------------------------------

    @Test
    void racingClosesEndTheStreamOnce() throws Exception {
        AtomicInteger closeActions = new AtomicInteger();
        App app = Lindy.app();
        app.get("/close", ctx -> {
            ctx.onClose(closeActions::incrementAndGet);
            StreamWriter out = ctx.respond().stream();
            out.write("body").toCompletableFuture().get(10, TimeUnit.SECONDS);
            CyclicBarrier start = new CyclicBarrier(4);
            List<CompletableFuture<Void>> closes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                CompletableFuture<Void> closed = new CompletableFuture<>();
                closes.add(closed);
                // Threads of their own: the four must really run at once, whatever the common pool's size.
                new Thread(() -> {
                    await(start);
                    out.close().whenComplete((v, e) -> {
                        if (e != null) {
                            closed.completeExceptionally(e);
                        } else {
                            closed.complete(null);
                        }
                    });
                }).start();
            }
            CompletableFuture.allOf(closes.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);
            return null;
        });
        TestHost host = serve(app);
        for (int i = 0; i < 20; i++) {
            TestResponse r = host.client().get("/close").send();
            assertEquals("body", r.text());
        }
        assertEquals(0, closeActions.get(), "a stream closed normally ran its onClose actions");
    }

    @Test
    void aWriteRacingTheCloseNeverLandsInTheNextResponse() throws Exception {
        App app = Lindy.app();
        app.get("/a", ctx -> {
            StreamWriter out = ctx.respond().stream();
            out.write("a").toCompletableFuture().get(10, TimeUnit.SECONDS);
            CyclicBarrier start = new CyclicBarrier(2);
            Thread late = new Thread(() -> {
                await(start);
                out.write("LATE");
            });
            late.start();
            await(start);
            out.close();
            late.join(10_000);
            return null;
        });
        app.get("/b", ctx -> "b");
        TestHost host = serve(app);
        Assumptions.assumeFalse(host.hasVirtualClock(), "pipelined requests need a real connection");
        // Twenty connections of ten pairs each: containers close a connection after some requests (Tomcat: 100).
        for (int conn = 0; conn < 20; conn++) {
            try (RawConnection c = RawConnection.to(host)) {
                for (int i = 0; i < 10; i++) {
                    c.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n");
                    String a = c.read().body();
                    assertTrue(a.equals("a") || a.equals("aLATE"), "stream a was " + a);
                    assertEquals("b", c.read().body(), "a late write of stream a landed in the next response");
                }
            }
        }
    }

    @Test
    void aDroppedWriterIsEndedAtItsDeadlineWithoutWaitingForACollection() throws Exception {
        App app = Lindy.app();
        app.async(GET, "/quiet", ctx -> {
            ctx.deadline(Duration.ofMillis(600));
            ctx.respond().stream().write("only\n");
        });
        TestHost host = serve(app);
        StreamingResponse r = host.client().get("/quiet").stream();
        assertEquals("only\n", r.readUntil("only\n"));
        host.elapse(Duration.ofMillis(1200));
        assertEnds(r);
    }

    @Test
    void aValueReturnedAfterStartingAStreamCannotHangIt() throws Exception {
        CompletableFuture<Void> written = new CompletableFuture<>();
        App app = Lindy.app();
        app.get("/both", ctx -> {
            ctx.deadline(Duration.ofMillis(600));
            ctx.respond().stream().write("s").whenComplete((v, e) -> written.complete(null));
            return "also an answer";
        });
        TestHost host = serve(app);
        StreamingResponse r = host.client().get("/both").stream();
        assertEquals("s", r.readUntil("s"));
        // The stream's quiet time counts from its last completed write: time passes once it completed.
        written.get(10, TimeUnit.SECONDS);
        host.elapse(Duration.ofMillis(1200));
        assertEnds(r);
    }

    @Test
    void chainedWritesNeitherRecurseNorLoseACompletion() throws Exception {
        int chunks = 10_000;
        CompletableFuture<Integer> written = new CompletableFuture<>();
        App app = Lindy.app();
        app.async(GET, "/chain", ctx -> {
            StreamWriter out = ctx.respond().stream();
            AtomicInteger completions = new AtomicInteger();
            chain(out, 0, chunks, completions).thenCompose(v -> out.close())
                    .whenComplete((v, e) -> {
                        if (e != null) {
                            written.completeExceptionally(e);
                        } else {
                            written.complete(completions.get());
                        }
                    });
        });
        TestResponse r = serve(app).client().get("/chain").send();
        assertEquals(chunks, written.get(30, TimeUnit.SECONDS));
        assertEquals(chunks * 2, r.text().length());
        assertTrue(r.text().startsWith("0\n1\n2\n"), r.text().substring(0, 10));
    }

    private static CompletionStage<Void> chain(StreamWriter out, int i, int n, AtomicInteger completions) {
        if (i == n) {
            return CompletableFuture.completedFuture(null);
        }
        return out.write((i % 10) + "\n").thenCompose(v -> {
            completions.incrementAndGet();
            return chain(out, i + 1, n, completions);
        });
    }

    // ---- a client that reads slowly or not at all ----------------------------------------------------------

    @Test
    void aSlowReaderGetsTheStreamAtItsOwnPace() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        AtomicLong flushed = new AtomicLong();
        App app = Lindy.app();
        app.async(GET, "/big", ctx -> {
            ctx.onClose(closed::countDown);
            StreamWriter out = ctx.respond().stream();
            produce(out, 1024, flushed);
        });
        TestHost host = serve(app);
        Assumptions.assumeFalse(host.hasVirtualClock(), "a slow reader needs a real socket");
        try (RawConnection c = RawConnection.slow(host, 4096)) {
            c.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, c.readHeadOnly().status());
            long read = 0;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < end) {
                read += c.readBytes(8192).length;
                Thread.sleep(100);
            }
            long ahead = flushed.get() - read;
            assertTrue(read > 0, "the client read nothing");
            assertTrue(ahead < 6L * 1024 * 1024, "the producer ran " + ahead + " bytes ahead of a slow reader");
            assertTrue(flushed.get() < 1024L * CHUNK, "the whole stream completed though the client barely read");
        }
        assertTrue(closed.await(10, TimeUnit.SECONDS), "onClose did not run when the slow reader left");
    }

    @Test
    void aClientThatStopsReadingIsDroppedAtTheWriteTimeout() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        AtomicLong flushed = new AtomicLong();
        App app = Lindy.app(Settings.builder().writeTimeout(Duration.ofMillis(600)).build());
        app.async(GET, "/big", ctx -> {
            ctx.onClose(closed::countDown);
            produce(ctx.respond().stream(), 1024, flushed);
        });
        TestHost host = serve(app);
        Assumptions.assumeFalse(host.hasVirtualClock(), "a client that stops reading needs a real socket");
        try (RawConnection c = RawConnection.slow(host, 4096)) {
            c.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, c.readHeadOnly().status());
            assertTrue(closed.await(20, TimeUnit.SECONDS), "a stream whose client stopped reading was not ended");
        }
    }

    @Test
    void aProducerThatIgnoresBackpressureIsStoppedNotBuffered() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        AtomicInteger failedAt = new AtomicInteger(-1);
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        App app = Lindy.app();
        app.get("/flood", ctx -> {
            ctx.onClose(closed::countDown);
            StreamWriter out = ctx.respond().stream();
            byte[] chunk = new byte[CHUNK];
            Arrays.fill(chunk, (byte) 'x');
            for (int i = 0; i < 2048 && failedAt.get() < 0; i++) {
                int index = i;
                out.write(chunk.clone()).whenComplete((v, e) -> {
                    if (e != null && failedAt.compareAndSet(-1, index)) {
                        failure.complete(e);
                    }
                });
                Thread.onSpinWait();
            }
            return null;
        });
        TestHost host = serve(app);
        Assumptions.assumeFalse(host.hasVirtualClock(), "a client that does not read needs a real socket");
        try (RawConnection c = RawConnection.slow(host, 4096)) {
            c.send("GET /flood HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, c.readHeadOnly().status());
            assertTrue(closed.await(20, TimeUnit.SECONDS), "a producer that ignored backpressure was not stopped");
        }
        // Failed writes complete on the exchange's loop, maybe after onClose ran: wait for the first.
        assertNotNull(failure.get(10, TimeUnit.SECONDS), "no write failed");
        // The budget (256 KiB), the kernel's socket buffers on loopback (4 MiB at most here) and a container's
        // own buffer: a hundred 64 KiB chunks is already more than they hold together.
        assertTrue(failedAt.get() < 100, "the producer was let " + failedAt.get() * CHUNK + " bytes ahead");
    }

    // Writes chunks one after another, each once the last is flushed, counting what was flushed.
    private static void produce(StreamWriter out, int chunks, AtomicLong flushed) {
        byte[] chunk = new byte[CHUNK];
        Arrays.fill(chunk, (byte) 'y');
        produceFrom(out, chunk, chunks, flushed);
    }

    private static void produceFrom(StreamWriter out, byte[] chunk, int left, AtomicLong flushed) {
        if (left == 0) {
            out.close();
            return;
        }
        out.write(chunk.clone()).thenRun(() -> {
            flushed.addAndGet(chunk.length);
            produceFrom(out, chunk, left - 1, flushed);
        });
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** Reads a stream to its end, which must come; on hosts that can, the end must show the body is incomplete. */
    private void assertEnds(StreamingResponse r) {
        IOException error = null;
        try {
            while (r.next() != null) {
                // Whatever was written before the end may still arrive.
            }
        } catch (IOException e) {
            error = e;
        }
        if (error != null && String.valueOf(error.getMessage()).startsWith("no body arrived within")) {
            throw new AssertionError("the stream did not end: " + error.getMessage());
        }
        if (error == null && abortsVisibly()) {
            throw new AssertionError("the stream ended as if complete; an ended stream must look incomplete");
        }
    }

    /** Checks a counter no longer moves: at once on a virtual clock, over a window of real time otherwise. */
    private static void assertStaysAt(TestHost host, AtomicInteger counter, int expected, Duration window)
            throws InterruptedException {
        if (host.hasVirtualClock()) {
            assertEquals(0, host.clock().pendingTimers(), "a timer outlived its request");
            host.clock().advance(window);
        } else {
            Thread.sleep(window.toMillis());
        }
        assertEquals(expected, counter.get(), "a timer of an ended request kept running");
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aWriteAfterTheStreamEndedFailsAtOnce() throws Exception {
        CompletableFuture<Throwable> late = new CompletableFuture<>();
        App app = Lindy.app();
        app.async(GET, "/ended", ctx -> {
            StreamWriter out = ctx.respond().stream();
            out.write("a").thenCompose(v -> out.close()).thenRun(() ->
                    out.write("late").whenComplete((v, e) -> late.complete(e)));
        });
        assertEquals("a", serve(app).client().get("/ended").send().text());
        assertNotNull(late.get(10, TimeUnit.SECONDS), "a write after close succeeded");
    }
}
