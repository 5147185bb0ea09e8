package dev.lindy.netty;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Many waiting requests cost little, and blocking handlers never stall the event loop. Bounded in count and time. */
class LoadTest {
    // A thousand waiting requests (two thousand sockets in this JVM, counting the client's) stay well inside
    // a default descriptor limit; the benchmark goes to ten thousand in separate processes.
    private static final int WAITING = 1000;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();

    private HttpRequest get(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60)).build();
    }

    @Test
    void aThousandWaitingAsyncRequestsAreAllAnsweredWhileBlockingRoutesKeepAnswering() throws Exception {
        AtomicInteger arrived = new AtomicInteger();
        App app = Lindy.app();
        app.async(GET, "/timer", ctx -> {
            arrived.incrementAndGet();
            Responder respond = ctx.respond();
            ctx.after(Duration.ofMillis(500), () -> respond.send("foo!"));
        });
        app.get("/blocking", ctx -> "still here");
        try (Served s = Served.start(app)) {
            List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
            for (int i = 0; i < WAITING; i++) {
                waiting.add(client.sendAsync(get(s.port(), "/timer"), HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> r = client.send(get(s.port(), "/blocking"), HttpResponse.BodyHandlers.ofString());
                assertEquals("still here", r.body());
            }
            CompletableFuture.allOf(waiting.toArray(new CompletableFuture[0])).get(120, TimeUnit.SECONDS);
            for (CompletableFuture<HttpResponse<String>> f : waiting) {
                assertEquals(200, f.get().statusCode());
                assertEquals("foo!", f.get().body());
            }
            assertEquals(WAITING, arrived.get());
        }
    }

    @Test
    void aHundredBlockedHandlersDoNotStallAsyncRoutes() throws Exception {
        CountDownLatch allBlocked = new CountDownLatch(100);
        CountDownLatch release = new CountDownLatch(1);
        App app = Lindy.app();
        app.get("/block", ctx -> {
            allBlocked.countDown();
            // Blocks like a slow database call would, for at most the test's bound.
            return release.await(30, TimeUnit.SECONDS) ? "released" : "timed out";
        });
        app.async(GET, "/async", ctx -> ctx.respond().send("async"));
        try (Served s = Served.start(app)) {
            List<CompletableFuture<HttpResponse<String>>> blocked = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                blocked.add(client.sendAsync(get(s.port(), "/block"), HttpResponse.BodyHandlers.ofString()));
            }
            assertTrue(allBlocked.await(30, TimeUnit.SECONDS), "the blocking handlers did not all start");
            for (int i = 0; i < 10; i++) {
                assertEquals("async", client.send(get(s.port(), "/async"), HttpResponse.BodyHandlers.ofString()).body());
            }
            assertTrue(blocked.stream().noneMatch(CompletableFuture::isDone), "a blocked handler finished early");
            release.countDown();
            for (CompletableFuture<HttpResponse<String>> f : blocked) {
                assertEquals("released", f.get(30, TimeUnit.SECONDS).body());
            }
        }
    }
}
