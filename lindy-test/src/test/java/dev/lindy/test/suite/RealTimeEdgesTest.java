package dev.lindy.test.suite;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.hub.Message;
import dev.lindy.test.TestHost;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Real-time edge cases on Lindy's server: ids from the future, catch-up of large messages, a ping flood from a
 * client that does not read, many subscriptions on one long request, and the heartbeat's rate.
 */
class RealTimeEdgesTest extends HostedSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.netty(app);
    }

    private static String readFor(Socket s, long millis) throws Exception {
        s.setSoTimeout(200);
        InputStream in = s.getInputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        long end = System.currentTimeMillis() + millis;
        byte[] buf = new byte[8192];
        while (System.currentTimeMillis() < end) {
            try {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                b.write(buf, 0, n);
            } catch (SocketTimeoutException e) {
                // keep going
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void sseWithAFutureLastEventIdStillGetsLiveMessages() throws Exception {
        App app = Lindy.app();
        app.async(GET, "/events", ctx -> ctx.subscribe("t").toSse());
        TestHost host = serve(app);
        Message first = app.hub().publish("t", "first").toCompletableFuture().get(5, TimeUnit.SECONDS);
        long future = first.id() + 1_000_000_000L;
        try (Socket s = new Socket("127.0.0.1", host.port())) {
            s.getOutputStream().write(("GET /events HTTP/1.1\r\nHost: x\r\nLast-Event-ID: " + future + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            HubSuite.awaitSubscribers(host, "t", 1);
            app.hub().publish("t", "hello-live").toCompletableFuture().get(5, TimeUnit.SECONDS);
            String got = readFor(s, 2000);
            assertTrue(got.contains("hello-live"), "a live message never reached a stream that resumed from a future id");
        }
    }

    @Test
    void webSocketForwardFromAFutureIdStillGetsLiveMessages() throws Exception {
        App app = Lindy.app();
        app.ws("/ws", ws -> ws.onOpen(socket -> socket.forward("t", Long.parseLong(socket.param("since")))));
        TestHost host = serve(app);
        Message first = app.hub().publish("t", "first").toCompletableFuture().get(5, TimeUnit.SECONDS);
        long future = first.id() + 1_000_000_000L;
        WebSocketSuite.Client c = WebSocketSuite.Client.connect(host, "/ws?since=" + future, Map.of());
        HubSuite.awaitSubscribers(host, "t", 1);
        String signal = c.events.poll(5, TimeUnit.SECONDS);
        app.hub().publish("t", "hello-live").toCompletableFuture().get(5, TimeUnit.SECONDS);
        String live = c.events.poll(3, TimeUnit.SECONDS);
        assertTrue(signal != null && signal.contains("\"last\":" + first.id()), "missed signal does not carry the newest id: " + signal);
        assertTrue(live != null && live.contains("hello-live"), "a live message never reached a socket that resumed from a future id");
    }

    @Test
    void webSocketCatchUpOfBiggishMessagesDoesNotCloseAFastClient() throws Exception {
        App app = Lindy.app();
        app.ws("/ws", ws -> ws.onOpen(socket -> socket.forward("t", 0)));
        TestHost host = serve(app);
        String text = "x".repeat(5000);
        for (int i = 0; i < 100; i++) {
            app.hub().publish("t", text + i).toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        WebSocketSuite.Client c = WebSocketSuite.Client.connect(host, "/ws", Map.of());
        int got = 0;
        String last = null;
        for (String e = c.events.poll(5, TimeUnit.SECONDS); e != null; e = c.events.poll(2, TimeUnit.SECONDS)) {
            if (e.startsWith("close:")) {
                last = e;
                break;
            }
            got++;
        }
        assertEquals(100, got, "a fast client was closed during catch-up: " + last);
    }

    @Test
    void aPingFloodFromAClientThatDoesNotReadIsBounded() throws Exception {
        App app = Lindy.app();
        app.ws("/ws", ws -> { });
        TestHost host = serve(app);
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new java.net.InetSocketAddress("127.0.0.1", host.port()));
        OutputStream out = s.getOutputStream();
        out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = s.getInputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            assertTrue(b >= 0, "the upgrade was not answered");
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        byte[] ping = new byte[131];
        ping[0] = (byte) 0x89;
        ping[1] = (byte) (0x80 | 125);
        byte[] chunk = new byte[131 * 10_000];
        for (int i = 0; i < 10_000; i++) {
            System.arraycopy(ping, 0, chunk, i * 131, 131);
        }
        AtomicLong sent = new AtomicLong();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 100; i++) {
                    out.write(chunk);
                    sent.addAndGet(10_000);
                }
            } catch (Exception e) {
                // closed
            }
        });
        writer.setDaemon(true);
        writer.start();
        // Reading everything would take the server a few seconds; held back, the writer blocks after a few MiB.
        writer.join(8_000);
        s.close();
        assertTrue(sent.get() <= 300_000, "the server kept reading pings and queueing pongs for a client that never reads: "
                + sent.get() + " pings");
    }

    @Test
    void subscribeAndCancelOnALongLivedRequestLeaksNothing() throws Exception {
        App app = Lindy.app();
        app.async(GET, "/x", ctx -> {
            var respond = ctx.respond();
            for (int i = 0; i < 100_000; i++) {
                ctx.subscribe("t", m -> { }).cancel();
            }
            Method lm = ctx.getClass().getDeclaredMethod("lifecycle");
            lm.setAccessible(true);
            Object lifecycle = lm.invoke(ctx);
            // The context is its lifecycle, by extension: the list is a field of the superclass.
            Class<?> owner = lifecycle.getClass();
            while (!java.util.Arrays.stream(owner.getDeclaredFields()).anyMatch(d -> d.getName().equals("endActions"))) {
                owner = owner.getSuperclass();
            }
            Field f = owner.getDeclaredField("endActions");
            f.setAccessible(true);
            Collection<?> actions = (Collection<?>) f.get(lifecycle);
            respond.send(String.valueOf(actions == null ? 0 : actions.size()));
        });
        TestHost host = serve(app);
        String body = host.client().get("/x").send().text();
        assertTrue(Integer.parseInt(body.trim()) < 100, "end actions retained: " + body);
    }

    @Test
    void aQuietStreamGetsAHeartbeatEveryInterval() throws Exception {
        App app = Lindy.app(dev.lindy.Settings.builder().sseHeartbeat(java.time.Duration.ofMillis(250)).build());
        app.async(GET, "/events", ctx -> ctx.subscribe("t").toSse());
        TestHost host = serve(app);
        try (Socket s = new Socket("127.0.0.1", host.port())) {
            s.getOutputStream().write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            String got = readFor(s, 5000);
            int beats = got.split(": keep-alive", -1).length - 1;
            // Twenty are due; skipping every other beat would give ten.
            assertTrue(beats >= 15, "only " + beats + " heartbeats in 5 s at a 250 ms interval");
        }
    }
}
