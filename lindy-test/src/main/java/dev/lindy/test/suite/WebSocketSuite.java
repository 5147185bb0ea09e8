package dev.lindy.test.suite;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.HttpException;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import dev.lindy.hub.Message;
import dev.lindy.test.TestHost;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * WebSockets against a real client, the JDK's {@code java.net.http.WebSocket}, and a raw one for what a
 * well-behaved client never does: messages and fragments, limits, ping and pong, close codes, idle and
 * vanishing clients, slow readers, the origin check, hub topics forwarded with catch-up.
 */
public abstract class WebSocketSuite extends HostedSuite {
    private static final long WAIT = 10;

    /** Creates the suite; a subclass names the host it runs on. */
    protected WebSocketSuite() {
    }

    /**
     * Tells whether the host offers per-message compression when the settings ask for it.
     *
     * @return true unless the host says otherwise
     */
    protected boolean compresses() {
        return true;
    }

    /**
     * Tells whether the host pings a quiet client and keeps one that answers; Jakarta WebSocket containers
     * close a socket that is idle for the idle timeout, pongs or not, and send no pings of their own.
     *
     * @return true unless the host says otherwise
     */
    protected boolean pingsIdleClients() {
        return true;
    }

    /**
     * Tells whether the host limits single frames ({@code Settings.webSocketMaxFrameBytes}) besides whole
     * messages; Jakarta WebSocket has no setting for frames.
     *
     * @return true unless the host says otherwise
     */
    protected boolean limitsFrames() {
        return true;
    }

    // ---- messages --------------------------------------------------------------------------------------

    @Test
    void textMessagesGoBothWaysWithTheRouteParametersAndSessionOfTheUpgrade() throws Exception {
        App app = Lindy.app();
        app.get("/login/:name", ctx -> {
            ctx.session().put("user", ctx.param("name"));
            return "in";
        });
        app.ws("/rooms/:room", ws -> {
            ws.onOpen(socket -> socket.send("welcome " + socket.session().get("user") + " to " + socket.param("room")));
            ws.onMessage((socket, text) -> socket.send(socket.param("room") + ": " + text));
        });
        TestHost host = serve(app);
        host.client().get("/login/ann").send();
        String cookie = "lindy.session=" + host.client().cookies().get("lindy.session");
        Client c = Client.connect(host, "/rooms/tea?x=1", Map.of("Cookie", cookie));
        assertEquals("welcome ann to tea", c.next());
        c.socket.sendText("hello", true);
        assertEquals("tea: hello", c.next());
        c.socket.sendText("one, ", false);
        c.socket.sendText("two, ", false);
        c.socket.sendText("three", true);
        assertEquals("tea: one, two, three", c.next(), "fragments were not joined into one message");
        c.close();
    }

    @Test
    void binaryMessagesNeedAHandlerElseTheSocketClosesWith1003() throws Exception {
        App app = Lindy.app();
        app.ws("/bytes", ws -> ws.onBinary((socket, data) -> socket.send(new byte[] {data[1], data[0]})));
        app.ws("/text-only", ws -> ws.onMessage((socket, text) -> socket.send(text)));
        TestHost host = serve(app);
        Client c = Client.connect(host, "/bytes", Map.of());
        c.socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2}), true);
        assertEquals("binary:2,1", c.next());
        c.close();
        Client t = Client.connect(host, "/text-only", Map.of());
        t.socket.sendBinary(ByteBuffer.wrap(new byte[] {1}), true);
        assertEquals("close:1003", t.nextClose());
    }

    @Test
    void pingsAreAnsweredWithPongs() throws Exception {
        App app = Lindy.app();
        app.ws("/p", ws -> { });
        Client c = Client.connect(serve(app), "/p", Map.of());
        c.socket.sendPing(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8)));
        assertEquals("pong:are you there", c.next());
        c.close();
    }

    // ---- closing ---------------------------------------------------------------------------------------

    @Test
    void closeCodesTravelBothWays() throws Exception {
        CompletableFuture<String> serverSaw = new CompletableFuture<>();
        App app = Lindy.app();
        app.ws("/bye", ws -> {
            ws.onMessage((socket, text) -> socket.close(4000, "as you wish"));
            ws.onClose((socket, code, reason) -> serverSaw.complete(code + " " + reason));
        });
        app.ws("/hang-up", ws -> ws.onClose((socket, code, reason) -> serverSaw.complete(code + " " + reason)));
        TestHost host = serve(app);
        Client c = Client.connect(host, "/bye", Map.of());
        c.socket.sendText("close please", true);
        assertEquals("close:4000:as you wish", c.nextCloseWithReason());
        // The code is the server's; the reason may be what the client's answering close frame said.
        assertTrue(serverSaw.get(WAIT, TimeUnit.SECONDS).startsWith("4000 "), serverSaw.get());
        CompletableFuture<String> second = new CompletableFuture<>();
        App app2 = Lindy.app();
        app2.ws("/hang-up", ws -> ws.onClose((socket, code, reason) -> second.complete(code + " " + reason)));
        Client d = Client.connect(serve(app2), "/hang-up", Map.of());
        d.socket.sendClose(1000, "done").get(WAIT, TimeUnit.SECONDS);
        assertEquals("1000 done", second.get(WAIT, TimeUnit.SECONDS));
    }

    @Test
    void aClientThatVanishesWithoutACloseFrameEndsItsSocketAndSubscriptions() throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        AtomicInteger ticks = new AtomicInteger();
        App app = Lindy.app();
        app.ws("/feed", ws -> {
            ws.onOpen(socket -> {
                socket.forward("news", -1);
                socket.every(Duration.ofMillis(50), ticks::incrementAndGet);
                socket.send("ready");
            });
            ws.onClose((socket, code, reason) -> closed.complete(code));
        });
        TestHost host = serve(app);
        Client c = Client.connect(host, "/feed", Map.of());
        assertEquals("ready", c.next());
        HubSuite.awaitSubscribers(host, "news", 1);
        c.socket.abort();
        assertEquals(1006, closed.get(WAIT, TimeUnit.SECONDS));
        HubSuite.awaitSubscribers(host, "news", 0);
        int after = ticks.get();
        Thread.sleep(300);
        assertTrue(ticks.get() <= after + 1, "a timer of a closed socket kept running");
    }

    @Test
    void aSilentClientIsPingedThenClosedAtTheIdleTimeout() throws Exception {
        Assumptions.assumeTrue(pingsIdleClients(), "this host does not ping");
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        App app = Lindy.app(Settings.builder().webSocketIdleTimeout(Duration.ofMillis(800)).build());
        app.ws("/idle", ws -> ws.onClose((socket, code, reason) -> closed.complete(code)));
        TestHost host = serve(app);
        try (RawWebSocket raw = RawWebSocket.open(host.port(), "/idle", Map.of())) {
            assertEquals(101, raw.status);
            RawWebSocket.Frame ping = raw.read();
            assertEquals(9, ping.opcode(), "the server did not ping a quiet client");
            RawWebSocket.Frame close = raw.readUntilClosed();
            assertNotNull(close, "the server closed without a close frame");
            assertEquals(1001, close.closeCode());
        }
        assertTrue(closed.get(WAIT, TimeUnit.SECONDS) == 1001);
    }

    @Test
    void aClientThatAnswersPingsStaysPastTheIdleTimeout() throws Exception {
        Assumptions.assumeTrue(pingsIdleClients(), "this host does not ping");
        // Pinged after a second of silence, the client has another second to answer.
        App app = Lindy.app(Settings.builder().webSocketIdleTimeout(Duration.ofSeconds(2)).build());
        app.ws("/alive", ws -> ws.onMessage((socket, text) -> socket.send(text)));
        Client c = Client.connect(serve(app), "/alive", Map.of());
        Thread.sleep(5000);
        c.socket.sendText("still here", true);
        assertEquals("still here", c.next());
        c.close();
    }

    // ---- limits and bad input --------------------------------------------------------------------------

    @Test
    void aMessageOrFrameOverTheLimitClosesWith1009() throws Exception {
        BlockingQueue<Integer> closes = new LinkedBlockingQueue<>();
        App app = Lindy.app(Settings.builder().webSocketMaxMessageBytes(1000).webSocketMaxFrameBytes(600).build());
        app.ws("/small", ws -> {
            ws.onMessage((socket, text) -> socket.send("ok " + text.length()));
            ws.onClose((socket, code, reason) -> closes.add(code));
        });
        TestHost host = serve(app);
        Client c = Client.connect(host, "/small", Map.of());
        c.socket.sendText("x".repeat(500), true);
        assertEquals("ok 500", c.next());
        c.socket.sendText("x".repeat(600), false);
        c.socket.sendText("x".repeat(600), true);
        // The client may see its connection reset before the close frame: the server's side tells the code.
        c.nextCloseWithReason();
        assertEquals(1009, closes.poll(WAIT, TimeUnit.SECONDS), "a message over the limit, in frames within it");
        Assumptions.assumeTrue(limitsFrames(), "this host limits whole messages only");
        try (RawWebSocket raw = RawWebSocket.open(host.port(), "/small", Map.of())) {
            raw.send(1, true, new byte[700]);
            RawWebSocket.Frame close = raw.readUntilClosed();
            assertNotNull(close);
            assertEquals(1009, close.closeCode(), "a frame over the limit");
        }
        assertEquals(1009, closes.poll(WAIT, TimeUnit.SECONDS));
    }

    /**
     * Tells whether stopping the host closes its WebSockets with 1001; the test hosts of servlet containers
     * stop at once.
     *
     * @return true unless the host says otherwise
     */
    protected boolean closesSocketsWhenStopping() {
        return true;
    }

    @Test
    void textThatIsNotUtf8ClosesWith1007() throws Exception {
        App app = Lindy.app();
        app.ws("/text", ws -> ws.onMessage((socket, text) -> socket.send(text)));
        try (RawWebSocket raw = RawWebSocket.open(serve(app).port(), "/text", Map.of())) {
            raw.send(1, true, new byte[] {(byte) 0xc3, (byte) 0x28});
            RawWebSocket.Frame close = raw.readUntilClosed();
            assertNotNull(close, "the server closed without a close frame");
            assertEquals(1007, close.closeCode());
        }
    }

    @Test
    void aStoppingServerClosesItsSocketsAsGoingAway() throws Exception {
        Assumptions.assumeTrue(closesSocketsWhenStopping(), "this host stops at once");
        App app = Lindy.app();
        app.ws("/stay", ws -> ws.onOpen(socket -> socket.send("here")));
        TestHost host = host(app);
        try {
            Client c = Client.connect(host, "/stay", Map.of());
            assertEquals("here", c.next());
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(host::close);
            assertEquals("close:1001", c.nextClose());
            stopped.get(WAIT, TimeUnit.SECONDS);
        } finally {
            host.close();
        }
    }

    @Test
    void aPlainRequestToASocketRouteIsTold426() {
        App app = Lindy.app();
        app.ws("/sock", ws -> { });
        TestHost host = serve(app);
        var r = host.client().get("/sock").send();
        assertEquals(426, r.status());
        assertEquals("websocket", r.header("Upgrade"));
    }

    @Test
    void aPageOfAnotherSiteCannotOpenASocket() throws Exception {
        App app = Lindy.app(Settings.builder().webSocketOrigins(java.util.List.of("https://friend.example")).build());
        app.ws("/sock", ws -> ws.onOpen(socket -> socket.send("open")));
        TestHost host = serve(app);
        try (RawWebSocket evil = RawWebSocket.open(host.port(), "/sock", Map.of("Origin", "https://evil.example"))) {
            assertEquals(403, evil.status, "cross-site WebSocket hijacking was not refused");
        }
        try (RawWebSocket same = RawWebSocket.open(host.port(), "/sock",
                Map.of("Origin", "http://127.0.0.1:" + host.port()))) {
            assertEquals(101, same.status, "a page of the app's own origin was refused");
            assertEquals("open", same.read().text());
        }
        try (RawWebSocket friend = RawWebSocket.open(host.port(), "/sock", Map.of("Origin", "https://friend.example"))) {
            assertEquals(101, friend.status, "an allowed origin was refused");
        }
        Client noOrigin = Client.connect(host, "/sock", Map.of());
        assertEquals("open", noOrigin.next(), "a client that is no browser sends no Origin and may connect");
        noOrigin.close();
    }

    @Test
    void beforeHooksMayRefuseAnUpgrade() throws Exception {
        App app = Lindy.app();
        app.before("/private", ctx -> {
            if (ctx.request().header("Authorization") == null) {
                throw new HttpException(401, "Log in first.");
            }
        });
        app.ws("/private", ws -> ws.onOpen(socket -> socket.send("secret")));
        TestHost host = serve(app);
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> Client.connect(host, "/private", Map.of()));
        assertTrue(refused.getCause() instanceof WebSocketHandshakeException, String.valueOf(refused.getCause()));
        assertEquals(401, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
        Client c = Client.connect(host, "/private", Map.of("Authorization", "Bearer x"));
        assertEquals("secret", c.next());
        c.close();
    }

    @Test
    void aHandlerThatThrowsClosesItsSocketWith1011() throws Exception {
        App app = Lindy.app();
        app.ws("/fragile", ws -> ws.onMessage((socket, text) -> {
            throw new IllegalStateException("broken");
        }));
        Client c = Client.connect(serve(app), "/fragile", Map.of());
        c.socket.sendText("boom", true);
        assertEquals("close:1011", c.nextClose());
    }

    // ---- slow readers ----------------------------------------------------------------------------------

    @Test
    void aReaderThatStopsReadingIsClosedNotBufferedFor() throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        AtomicInteger failedSends = new AtomicInteger();
        App app = Lindy.app(Settings.builder().writeTimeout(Duration.ofSeconds(2)).build());
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'z');
        app.ws("/flood", ws -> {
            ws.onOpen(socket -> socket.every(Duration.ofMillis(10), () -> {
                for (int i = 0; i < 8 && socket.isOpen(); i++) {
                    socket.send(chunk.clone()).exceptionally(e -> {
                        failedSends.incrementAndGet();
                        return null;
                    });
                }
            }));
            ws.onClose((socket, code, reason) -> closed.complete(code));
        });
        TestHost host = serve(app);
        try (RawWebSocket slow = RawWebSocket.slow(host.port(), "/flood", 4096)) {
            assertEquals(101, slow.status);
            int code = closed.get(20, TimeUnit.SECONDS);
            assertTrue(code == 1013 || code == 1006, "closed with " + code);
        }
        assertTrue(failedSends.get() > 0, "no send was refused");
    }

    // ---- the hub ---------------------------------------------------------------------------------------

    @Test
    void aTopicIsForwardedWithCatchUpAndTheSubscriptionEndsWithTheSocket() throws Exception {
        App app = Lindy.app();
        app.ws("/topic", ws -> ws.onOpen(socket -> socket.forward("chat", Long.parseLong(socket.param("since")))));
        TestHost host = serve(app);
        Message first = app.hub().publish("chat", Map.of("text", "a")).toCompletableFuture().get(WAIT, TimeUnit.SECONDS);
        Message second = app.hub().publish("chat", Map.of("text", "b")).toCompletableFuture().get(WAIT, TimeUnit.SECONDS);
        Client c = Client.connect(host, "/topic?since=" + first.id(), Map.of());
        assertEquals("{\"topic\":\"chat\",\"id\":" + second.id() + ",\"data\":{\"text\":\"b\"}}", c.next());
        HubSuite.awaitSubscribers(host, "chat", 1);
        Message live = app.hub().publish("chat", "live").toCompletableFuture().get(WAIT, TimeUnit.SECONDS);
        assertEquals("{\"topic\":\"chat\",\"id\":" + live.id() + ",\"data\":\"live\"}", c.next());
        c.close();
        HubSuite.awaitSubscribers(host, "chat", 0);
    }

    @Test
    void aSocketMaySubscribeWithAListenerOfItsOwn() throws Exception {
        App app = Lindy.app();
        app.ws("/listen", ws -> ws.onOpen(socket -> socket.subscribe("alerts", m -> socket.send("alert " + m.data()))));
        TestHost host = serve(app);
        Client c = Client.connect(host, "/listen", Map.of());
        HubSuite.awaitSubscribers(host, "alerts", 1);
        app.hub().publish("alerts", 42);
        assertEquals("alert 42", c.next());
        c.close();
    }

    // ---- compression -----------------------------------------------------------------------------------

    @Test
    void perMessageCompressionIsOfferedWhenTheSettingsAsk() throws Exception {
        App app = Lindy.app(Settings.builder().webSocketCompression(true).build());
        app.ws("/zip", ws -> ws.onOpen(socket -> socket.send("compress me ".repeat(50))));
        Assumptions.assumeTrue(compresses(), "this host compresses as its container is set up");
        TestHost host = serve(app);
        try (RawWebSocket raw = RawWebSocket.open(host.port(), "/zip",
                Map.of("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"))) {
            assertEquals(101, raw.status);
            assertTrue(raw.headers.getOrDefault("sec-websocket-extensions", "").startsWith("permessage-deflate"),
                    String.valueOf(raw.headers));
            RawWebSocket.Frame f = raw.read();
            assertTrue(f.compressed(), "the message was not compressed");
            assertTrue(f.payload().length < 600, "compressed to " + f.payload().length + " bytes");
            assertEquals("compress me ".repeat(50), inflate(f.payload()));
        }
        App plain = Lindy.app();
        plain.ws("/zip", ws -> ws.onOpen(socket -> socket.send("plain")));
        try (RawWebSocket raw = RawWebSocket.open(serve(plain).port(), "/zip",
                Map.of("Sec-WebSocket-Extensions", "permessage-deflate"))) {
            assertNull(raw.headers.get("sec-websocket-extensions"), "compression offered though not asked for");
            assertFalse(raw.read().compressed());
        }
    }

    private static String inflate(byte[] payload) throws Exception {
        Inflater inflater = new Inflater(true);
        byte[] withTail = Arrays.copyOf(payload, payload.length + 4);
        withTail[payload.length + 2] = (byte) 0xff;
        withTail[payload.length + 3] = (byte) 0xff;
        inflater.setInput(withTail);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!inflater.needsInput()) {
            int n = inflater.inflate(buf);
            if (n == 0) {
                break;
            }
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The JDK's WebSocket client, recording what reaches it. */
    static final class Client implements WebSocket.Listener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
        private final CountDownLatch opened = new CountDownLatch(1);
        WebSocket socket;

        static Client connect(TestHost host, String path, Map<String, String> headers) throws Exception {
            Client c = new Client();
            WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(WAIT));
            headers.forEach(b::header);
            c.socket = b.buildAsync(URI.create("ws://127.0.0.1:" + host.port() + path), c).get(WAIT, TimeUnit.SECONDS);
            return c;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            opened.countDown();
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                events.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            binary.writeBytes(b);
            if (last) {
                StringBuilder s = new StringBuilder("binary:");
                byte[] all = binary.toByteArray();
                for (int i = 0; i < all.length; i++) {
                    s.append(i == 0 ? "" : ",").append(all[i]);
                }
                events.add(s.toString());
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            events.add("pong:" + StandardCharsets.UTF_8.decode(message));
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            events.add("close:" + statusCode + ":" + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            events.add("error:" + error);
        }

        String next() throws InterruptedException {
            String e = events.poll(WAIT, TimeUnit.SECONDS);
            assertNotNull(e, "nothing arrived within " + WAIT + " s");
            return e;
        }

        String nextCloseWithReason() throws InterruptedException {
            for (;;) {
                String e = next();
                if (e.startsWith("close:") || e.startsWith("error:")) {
                    return e;
                }
            }
        }

        String nextClose() throws InterruptedException {
            String e = nextCloseWithReason();
            return e.startsWith("close:") ? e.substring(0, e.indexOf(':', 6)) : e;
        }

        void close() throws Exception {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(WAIT, TimeUnit.SECONDS);
        }
    }
}
