package dev.lindy.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Cancellable;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import dev.lindy.http.Method;
import dev.lindy.hub.Feed;
import dev.lindy.hub.History;
import dev.lindy.hub.Hub;
import dev.lindy.hub.HubBackend;
import dev.lindy.hub.MemoryHubBackend;
import dev.lindy.hub.Message;
import dev.lindy.hub.Overflow;
import dev.lindy.hub.Subscription;
import dev.lindy.sse.SseEmitter;
import dev.lindy.sse.SseEvent;
import dev.lindy.ws.WebSocket;
import dev.lindy.ws.WebSocketSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Calls every public method of the real-time batteries (hub, server-sent events, WebSockets), so an
 * accidental API break fails compilation here first.
 */
@ExtendWith(LindyExtension.class)
class RealtimeApiSurfaceTest {

    @Test
    void everyRealtimeMethodIsCallable() throws Exception {
        HubBackend backend = new MemoryHubBackend(10, 10);
        Settings settings = Settings.builder().hubBackend(backend).hubHistory(10).hubMaxTopics(10).hubQueue(8)
                .hubOverflow(Overflow.CLOSE).hubOverflow(Overflow.DROP_OLDEST).sseHeartbeat(Duration.ofSeconds(5))
                .webSocketOrigins(List.of("https://example.com")).webSocketMaxFrameBytes(4096)
                .webSocketMaxMessageBytes(8192).webSocketIdleTimeout(Duration.ofSeconds(5)).webSocketCompression(true)
                .build();
        assertEquals(backend, settings.hubBackend());
        assertEquals(10, settings.hubHistory() + settings.hubMaxTopics() - 10);
        assertEquals(8, settings.hubQueue());
        assertEquals(Overflow.DROP_OLDEST, settings.hubOverflow());
        assertEquals(Duration.ofSeconds(5), settings.sseHeartbeat());
        assertEquals(List.of("https://example.com"), settings.webSocketOrigins());
        assertEquals(4096 + 8192, settings.webSocketMaxFrameBytes() + settings.webSocketMaxMessageBytes());
        assertEquals(Duration.ofSeconds(5), settings.webSocketIdleTimeout());
        assertTrue(settings.webSocketCompression());

        App app = Lindy.app(settings);
        app.async(Method.GET, "/sse", ctx -> everySseMethod(ctx.sse()));
        app.async(Method.GET, "/responder-sse", ctx -> ctx.respond().sse().close());
        app.async(Method.GET, "/feed", ctx -> {
            Feed feed = ctx.subscribe("t").since(0).since((String) null);
            feed.toSse().comment("open");
        });
        app.async(Method.GET, "/poll", ctx -> ctx.subscribe("t").since("0").poll());
        app.async(Method.GET, "/poll-wait", ctx -> ctx.subscribe("t").poll(Duration.ofSeconds(1)));
        app.async(Method.GET, "/listen", ctx -> {
            Subscription s = ctx.subscribe("t", m -> { });
            String summary = s.topic() + s.lastId() + s.dropped() + s.isActive();
            s.cancel();
            ctx.respond().send(summary);
        });
        app.ws("/ws", RealtimeApiSurfaceTest::everySpecMethod);
        Hub hub = app.hub();
        Message m = hub.publish("t", Map.of("k", "v")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("t", m.topic());
        assertTrue(m.id() > 0 && m.data().contains("\"k\""));
        History h = hub.history("t", 0).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(List.of(m), h.messages());
        assertEquals(m.id(), h.lastId());
        assertEquals(false, h.missed());
        assertEquals(0, hub.subscribers("t"));
        Map<?, ?> read = hub.read(m, Map.class);
        assertEquals("v", read.get("k"));
        SseEvent e = SseEvent.builder().id("1").name("n").data("d").retry(Duration.ofSeconds(1)).comment("c").build();
        assertEquals(e, e.newBuilder().build());
        assertEquals(e.hashCode(), SseEvent.builder().id(e.id()).name(e.name()).data(e.data()).retry(e.retry())
                .comment(e.comment()).build().hashCode());
        assertEquals("x", SseEvent.of("x").data());
        assertTrue(e.toString().contains("n"));
        try (TestHost host = TestHost.inProcess(app)) {
            assertTrue(host.client().get("/sse").send().text().contains("data: d"));
            assertEquals(200, host.client().get("/responder-sse").send().status());
            StreamingResponse feed = host.client().get("/feed").stream();
            assertTrue(feed.readUntil("id: " + m.id()).contains(": open"));
            feed.disconnect();
            assertTrue(host.client().get("/poll").send().text().contains("\"id\":" + m.id()));
            assertEquals("t00true", host.client().get("/listen").send().text());
        }
    }

    private static void everySseMethod(SseEmitter sse) {
        String last = sse.lastEventId();
        sse.send(SseEvent.builder().id("1").name("n").data("d").build());
        sse.data("d" + (last == null ? "" : last));
        sse.event("n", Map.of("k", 1));
        sse.comment("c");
        sse.retry(Duration.ofSeconds(1));
        if (sse.isOpen()) {
            sse.close();
        }
    }

    private static void everySpecMethod(WebSocketSpec ws) {
        ws.onOpen(RealtimeApiSurfaceTest::everySocketMethod)
                .onMessage((socket, text) -> socket.send(text))
                .onBinary((socket, data) -> socket.send(data))
                .onClose((socket, code, reason) -> { });
    }

    private static void everySocketMethod(WebSocket socket) {
        String p = socket.param("p") + socket.route() + socket.request().path() + socket.session().values();
        socket.var("p", p);
        String back = socket.var("p");
        Cancellable a = socket.after(Duration.ofSeconds(1), () -> { });
        Cancellable e = socket.every(Duration.ofSeconds(1), () -> { });
        a.cancel();
        e.cancel();
        Subscription s = socket.subscribe("t", m -> socket.send(m.data()));
        Subscription f = socket.forward("t", -1);
        s.cancel();
        f.cancel();
        Map<?, ?> json = socket.readJson("{\"a\":1}", Map.class);
        socket.sendJson(json);
        socket.send(back);
        if (socket.isOpen()) {
            socket.close(4000, "bye").thenCompose(v -> socket.close());
        }
    }
}
