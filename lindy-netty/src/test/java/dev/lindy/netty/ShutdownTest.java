package dev.lindy.netty;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Graceful stop: no new connections, in-flight requests finish within the grace period, then close. */
class ShutdownTest {

    @Test
    void stopLetsAPendingAsyncRequestFinish() throws Exception {
        CompletableFuture<Responder> held = new CompletableFuture<>();
        App app = Lindy.app();
        app.async(GET, "/pending", ctx -> held.complete(ctx.respond()));
        try (Served s = Served.start(app); RawConnection c = s.connect()) {
            int port = s.port();
            c.send("GET /pending HTTP/1.1\r\nHost: x\r\n\r\n");
            Responder respond = held.get(10, TimeUnit.SECONDS);
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> s.server.stop(Duration.ofSeconds(10)));
            // The answer comes after stop began, however long stop takes to get going: no race with a timer.
            assertRefused(port);
            assertTrue(respond.send("finished"));
            assertEquals("finished", c.read().body());
            assertTrue(c.closedByServer(), "the connection outlived the stopped server");
            stopped.get(10, TimeUnit.SECONDS);
        }
    }

    private static void assertRefused(int port) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                Thread.sleep(50);
            } catch (IOException refused) {
                return;
            }
        }
        throw new AssertionError("the server kept accepting connections after stop began");
    }

    @Test
    void stopClosesWhatIsLeftAfterTheGracePeriod() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        App app = Lindy.app();
        app.async(GET, "/forever", ctx -> {
            ctx.respond();
            ctx.onClose(closed::countDown);
            started.countDown();
        });
        try (Served s = Served.start(app); RawConnection c = s.connect()) {
            c.send("GET /forever HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(started.await(10, TimeUnit.SECONDS));
            s.server.stop(Duration.ofMillis(300));
            assertTrue(c.closedByServer());
            assertTrue(closed.await(10, TimeUnit.SECONDS), "onClose did not run at shutdown");
        }
    }

    @Test
    void appStartAndStopUseTheServerOnTheClassPath() throws Exception {
        App app = Lindy.app();
        app.get("/", ctx -> "up");
        app.start(0);
        try (RawConnection c = new RawConnection(app.port())) {
            assertEquals("up", c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().body());
        } finally {
            app.stop();
        }
    }
}
