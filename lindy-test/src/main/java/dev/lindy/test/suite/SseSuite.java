package dev.lindy.test.suite;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import dev.lindy.hub.Message;
import dev.lindy.hub.Overflow;
import dev.lindy.sse.SseEmitter;
import dev.lindy.sse.SseEvent;
import dev.lindy.test.StreamingResponse;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Server-sent events: the format, the heartbeat, a topic streamed to a browser with catch-up from
 * {@code Last-Event-ID}, and the stream's end when the client leaves.
 */
public abstract class SseSuite extends HostedSuite {

    /** Creates the suite; a subclass names the host it runs on. */
    protected SseSuite() {
    }

    @Test
    void eventsGoOutInTheEventStreamFormat() throws Exception {
        App app = Lindy.app();
        app.async(GET, "/events", ctx -> {
            SseEmitter sse = ctx.sse();
            sse.retry(Duration.ofSeconds(3))
                    .thenCompose(v -> sse.send(SseEvent.builder().id("7").name("greeting").data("hello").build()))
                    .thenCompose(v -> sse.data("one\ntwo\r\nthree\rfour"))
                    .thenCompose(v -> sse.data(" leading space"))
                    .thenCompose(v -> sse.event("json", Map.of("n", 1)))
                    .thenCompose(v -> sse.comment("just a note"))
                    .thenCompose(v -> sse.close());
        });
        TestResponse r = serve(app).client().get("/events").send();
        assertEquals(200, r.status());
        assertMediaType("text/event-stream", r.header("Content-Type"));
        assertEquals("no-cache", r.header("Cache-Control"));
        assertEquals("retry: 3000\n\n"
                + "id: 7\nevent: greeting\ndata: hello\n\n"
                + "data: one\ndata: two\ndata: three\ndata: four\n\n"
                + "data:  leading space\n\n"
                + "event: json\ndata: {\"n\":1}\n\n"
                + ": just a note\n\n", r.text());
    }

    @Test
    void eachEventArrivesAsItIsSent() throws Exception {
        App app = Lindy.app();
        app.async(GET, "/ticks", ctx -> {
            SseEmitter sse = ctx.sse();
            int[] n = {0};
            ctx.every(Duration.ofMillis(200), () -> sse.data("tick " + ++n[0]));
        });
        TestHost host = serve(app);
        StreamingResponse r = host.client().get("/ticks").stream();
        host.elapse(Duration.ofMillis(200));
        assertTrue(r.readUntil("data: tick 1\n\n").endsWith("data: tick 1\n\n"));
        host.elapse(Duration.ofMillis(200));
        assertTrue(r.readUntil("data: tick 2\n\n").contains("tick 2"));
        r.disconnect();
    }

    @Test
    void aQuietStreamGetsAHeartbeatComment() throws Exception {
        App app = Lindy.app(Settings.builder().sseHeartbeat(Duration.ofMillis(300)).build());
        app.async(GET, "/quiet", ctx -> ctx.sse().comment("open"));
        TestHost host = serve(app);
        StreamingResponse r = host.client().get("/quiet").stream();
        assertEquals(": open\n\n", r.readUntil(": open\n\n"));
        host.elapse(Duration.ofMillis(600));
        assertTrue(r.readUntil(": keep-alive\n\n").endsWith(": keep-alive\n\n"));
        r.disconnect();
    }

    @Test
    void aTopicStreamsToTheBrowserAndCatchesUpFromLastEventId() throws Exception {
        App app = Lindy.app();
        app.async(GET, "/chat", ctx -> ctx.subscribe("chat").toSse());
        TestHost host = serve(app);
        List<Message> sent = new ArrayList<>();
        for (String text : new String[] {"a", "b", "c"}) {
            sent.add(publish(app, "chat", Map.of("text", text)));
        }
        StreamingResponse r = host.client().get("/chat").header("Last-Event-ID", String.valueOf(sent.get(0).id())).stream();
        assertMediaType("text/event-stream", r.header("Content-Type"));
        String caughtUp = r.readUntil("\"c\"}\n\n");
        assertEquals(event(sent.get(1)) + event(sent.get(2)), caughtUp);
        HubSuite.awaitSubscribers(host, "chat", 1);
        Message live = publish(app, "chat", Map.of("text", "d"));
        assertEquals(event(live), r.readUntil("\"d\"}\n\n"));
        r.disconnect();
    }

    @Test
    void aTopicStreamStartsFromSinceOnAFirstConnection() throws Exception {
        App app = Lindy.app();
        app.async(GET, "/chat", ctx -> ctx.subscribe("chat").since(ctx.param("since")).toSse());
        TestHost host = serve(app);
        Message first = publish(app, "chat", "first");
        StreamingResponse r = host.client().get("/chat?since=0").stream();
        assertEquals(event(first), r.readUntil("\"first\"\n\n"));
        r.disconnect();
    }

    @Test
    void aBrowserTooFarBehindGetsAMissedEvent() throws Exception {
        App app = Lindy.app(Settings.builder().hubHistory(1).build());
        app.async(GET, "/chat", ctx -> ctx.subscribe("chat").toSse());
        TestHost host = serve(app);
        Message old = publish(app, "chat", "old");
        publish(app, "chat", "gone");
        Message kept = publish(app, "chat", "kept");
        StreamingResponse r = host.client().get("/chat").header("Last-Event-ID", String.valueOf(old.id())).stream();
        assertEquals("event: missed\ndata: {}\n\n" + event(kept), r.readUntil("\"kept\"\n\n"));
        r.disconnect();
    }

    @Test
    void aMalformedLastEventIdIsABadRequest() {
        App app = Lindy.app();
        app.async(GET, "/chat", ctx -> ctx.subscribe("chat").toSse());
        TestResponse r = serve(app).client().get("/chat").header("Last-Event-ID", "abc").send();
        assertEquals(400, r.status());
        assertTrue(r.text().contains("Last-Event-ID must be a message id"), r.text());
    }

    @Test
    void aStreamsSubscriptionEndsWhenTheBrowserLeaves() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        App app = Lindy.app(Settings.builder().sseHeartbeat(Duration.ofMillis(200)).build());
        app.async(GET, "/chat", ctx -> {
            ctx.onClose(closed::countDown);
            ctx.subscribe("chat").toSse().comment("hello");
        });
        TestHost host = serve(app);
        StreamingResponse r = host.client().get("/chat").stream();
        r.readUntil(": hello\n\n");
        HubSuite.awaitSubscribers(host, "chat", 1);
        r.disconnect();
        // A container notices the departure at the next write: the heartbeat's.
        host.elapse(Duration.ofMillis(400));
        assertTrue(closed.await(10, TimeUnit.SECONDS), "the browser's departure was not noticed");
        HubSuite.awaitSubscribers(host, "chat", 0);
    }

    @Test
    void aStreamThatFallsBehindIsToldHowManyMessagesItLost() throws Exception {
        App app = burst(Settings.builder().hubQueue(2).build());
        TestHost host = serve(app);
        Assumptions.assumeTrue(host.hasVirtualClock(), "the publisher must hold the subscriber's loop");
        StreamingResponse r = host.client().get("/events").stream();
        r.readUntil(": open\n\n");
        assertEquals("sent", host.client().get("/burst").send().text());
        String text = r.readUntil("data: 9\n\n");
        assertTrue(text.startsWith("event: dropped\ndata: {\"count\":8}\n\n"), text);
        assertTrue(text.contains("data: 8\n\n") && !text.contains("data: 7\n"), text);
        r.disconnect();
    }

    @Test
    void underTheClosePolicyAStreamThatFallsBehindIsClosed() throws Exception {
        App app = burst(Settings.builder().hubQueue(2).hubOverflow(Overflow.CLOSE).build());
        TestHost host = serve(app);
        Assumptions.assumeTrue(host.hasVirtualClock(), "the publisher must hold the subscriber's loop");
        StreamingResponse r = host.client().get("/events").stream();
        r.readUntil(": open\n\n");
        host.client().get("/burst").send();
        while (r.next() != null) {
            // What was written before the end may still arrive; the stream ends, normally.
        }
        HubSuite.awaitSubscribers(host, "burst", 0);
    }

    // A stream of the topic, and a route that publishes ten messages in one go from the loop.
    private static App burst(Settings settings) {
        App app = Lindy.app(settings);
        app.async(GET, "/events", ctx -> ctx.subscribe("burst").toSse().comment("open"));
        app.async(GET, "/burst", ctx -> {
            for (int i = 0; i < 10; i++) {
                app.hub().publish("burst", i);
            }
            ctx.respond().send("sent");
        });
        return app;
    }

    private static Message publish(App app, String topic, Object payload) throws Exception {
        return app.hub().publish(topic, payload).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static String event(Message m) {
        return "id: " + m.id() + "\ndata: " + m.data() + "\n\n";
    }
}
