package dev.lindy.netty;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import dev.lindy.Settings;
import dev.lindy.StreamWriter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The graceful drain: stop accepting, close idle connections at once, run the stop hooks, let what is in
 * flight finish within the grace period, then end the rest: a 503 for a pending answer, the final chunk
 * for a stream. Bounded: a thousand and a few connections on loopback.
 */
class DrainTest {
    private static final int PENDING = 1000;

    @Test
    void aThousandPendingRequestsGet503AtTheGraceDeadlineAndAStreamItsFinalChunk() throws Exception {
        List<Responder> held = new CopyOnWriteArrayList<>();
        List<StreamWriter> streams = new CopyOnWriteArrayList<>();
        List<Responder> wakeable = new CopyOnWriteArrayList<>();
        CountDownLatch arrived = new CountDownLatch(PENDING + 2);
        List<String> events = new CopyOnWriteArrayList<>();
        App app = Lindy.app(Settings.builder().stopOnSignal(false).asyncDeadline(Duration.ofMinutes(1)).build());
        app.async(GET, "/wait", ctx -> {
            held.add(ctx.respond());
            arrived.countDown();
        });
        app.async(GET, "/stream", ctx -> {
            StreamWriter out = ctx.respond().stream();
            streams.add(out);
            out.write("first");
            arrived.countDown();
        });
        app.async(GET, "/woken", ctx -> {
            wakeable.add(ctx.respond());
            arrived.countDown();
        });
        app.get("/ok", ctx -> "ok");
        app.onStop(() -> {
            events.add("hook");
            wakeable.forEach(r -> r.send("the server is going away"));
        });
        app.start("127.0.0.1", 0);
        int port = app.port();
        List<RawConnection> waiting = new ArrayList<>();
        try (RawConnection idle = new RawConnection(port); RawConnection stream = new RawConnection(port);
                RawConnection woken = new RawConnection(port)) {
            assertEquals("ok", idle.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n").read().body());
            stream.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
            woken.send("GET /woken HTTP/1.1\r\nHost: x\r\n\r\n");
            for (int i = 0; i < PENDING; i++) {
                RawConnection c = new RawConnection(port);
                waiting.add(c);
                c.send("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            assertTrue(arrived.await(30, TimeUnit.SECONDS), "all requests reached their handlers");

            long start = System.nanoTime();
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> app.stop(Duration.ofMillis(800)));
            assertTrue(idle.closedByServer(), "an idle keep-alive connection closes at once");
            assertEquals("the server is going away", woken.read().body(), "a stop hook woke its waiter");
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "no new connection");
            for (RawConnection c : waiting) {
                RawConnection.RawResponse r = c.read();
                assertEquals(503, r.status(), r.toString());
                assertTrue(r.body().contains("shutting down"), r.body());
            }
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 600, "pending requests had their grace period: " + waited + " ms");
            assertEquals("first", stream.read().body(), "the stream ended with its final chunk");
            stopped.get(10, TimeUnit.SECONDS);
            assertEquals(List.of("hook"), events);
        } finally {
            for (RawConnection c : waiting) {
                closeQuietly(c);
            }
            app.stop();
        }
    }

    private static void closeQuietly(RawConnection c) {
        try {
            c.close();
        } catch (IOException e) {
            // Closed by the server already.
        }
    }
}
