package dev.lindy.netty;

import static dev.lindy.http.Method.GET;
import static dev.lindy.http.Method.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import dev.lindy.Settings;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** HTTP/2 clients that stop reading, go silent, send past a refusal, or keep sending slowly; the drain of HTTP/2 and of a request whose body is arriving. */
class Http2ClientsTest {
    private final EventLoopGroup clients = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    final List<Object> connectionEvents = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopClients() {
        clients.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private Channel connect(int port, int window) throws InterruptedException {
        return H2Answer.connect(clients, port, window, connectionEvents);
    }

    static String clientViewOfStream(Channel c, Http2StreamChannel stream) {
        io.netty.handler.codec.http2.Http2Stream st = c.pipeline().get(io.netty.handler.codec.http2.Http2FrameCodec.class)
                .connection().stream(stream.stream().id());
        return st == null ? "CLOSED(gone)" : st.state().toString();
    }

    private static io.netty.handler.codec.http2.Http2Headers headers(String method, String path) {
        return new DefaultHttp2Headers().method(method).path(path).scheme("http").authority("127.0.0.1");
    }

    private static Served served(App app) throws Exception {
        return Served.start(app);
    }

    /** A whole (non-stream) answer to an HTTP/2 client that never opens its window: does writeTimeout end it? */
    @Test
    void h2WholeAnswerToAClientThatNeverReadsIsEndedAtTheWriteTimeout() throws Exception {
        App app = Lindy.app(Settings.builder().writeTimeout(Duration.ofSeconds(1)).build());
        CompletableFuture<Void> answered = new CompletableFuture<>();
        app.get("/big", ctx -> {
            answered.complete(null);
            return "x".repeat(4 << 20);
        });
        try (Served s = served(app)) {
            Channel c = connect(s.port(), 1024);
            H2Answer answer = new H2Answer();
            Http2StreamChannel stream = H2Answer.open(c, answer);
            stream.config().setAutoRead(false);
            stream.writeAndFlush(new DefaultHttp2HeadersFrame(headers("GET", "/big"), true)).sync();
            answered.get(10, TimeUnit.SECONDS);
            assertFalse(clientViewOfStream(c, stream).startsWith("CLOSED"), "the stream is open while the answer waits");
            // The server checks its deadlines every few seconds: ten is far beyond the one-second timeout and a tick.
            eventually(() -> clientViewOfStream(c, stream).startsWith("CLOSED") || !c.isActive(),
                    "10 s after a 1 s write timeout the stream and its connection are still open, 4 MiB held");
            c.close();
        }
    }

    /** A body that keeps arriving, slower than idleTimeout in total, but within bodyTimeout. */
    @Test
    void h2BodyThatKeepsArrivingIsNotCutAtTheIdleTimeout() throws Exception {
        App app = Lindy.app(Settings.builder().idleTimeout(Duration.ofSeconds(1)).bodyTimeout(Duration.ofSeconds(20)).build());
        app.post("/echo", ctx -> "got " + ctx.request().body().length);
        try (Served s = served(app)) {
            Channel c = connect(s.port(), 65_535);
            H2Answer answer = new H2Answer();
            Http2StreamChannel stream = H2Answer.open(c, answer);
            stream.writeAndFlush(new DefaultHttp2HeadersFrame(headers("POST", "/echo"), false));
            for (int i = 0; i < 8; i++) {
                Thread.sleep(300);
                stream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(new byte[10]), i == 7));
            }
            String got = answer.done.get(10, TimeUnit.SECONDS);
            assertEquals("200 got 80", got);
            c.close();
        }
    }

    /** RFC 9113 8.3.1 lets a client send Host beside :authority (same value). */
    @Test
    void h2HostBesideAuthorityIsServed() throws Exception {
        App app = Lindy.app();
        app.get("/hello", ctx -> "hello");
        try (Served s = served(app)) {
            Channel c = connect(s.port(), 65_535);
            H2Answer answer = new H2Answer();
            H2Answer.open(c, answer).writeAndFlush(new DefaultHttp2HeadersFrame(headers("GET", "/hello").add("host", "127.0.0.1"), true));
            String got = answer.done.get(10, TimeUnit.SECONDS);
            assertEquals("200 hello", got);
            c.close();
        }
    }

    /** What does the app see as request headers on HTTP/2? */
    @Test
    void h2RequestHeadersSeenByTheApp() throws Exception {
        App app = Lindy.app();
        app.post("/h", ctx -> ctx.request().headers().toString());
        try (Served s = served(app)) {
            Channel c = connect(s.port(), 65_535);
            H2Answer answer = new H2Answer();
            Http2StreamChannel stream = H2Answer.open(c, answer);
            stream.write(new DefaultHttp2HeadersFrame(headers("POST", "/h"), false));
            stream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(new byte[3]), true));
            String got = answer.done.get(10, TimeUnit.SECONDS);
            assertFalse(got.toLowerCase().contains("x-http2-stream-id"), got);
            assertFalse(got.toLowerCase().contains("transfer-encoding"), got);
            c.close();
        }
    }

    /** A stream refused with 408 (its body never came): is the stream, then the idle connection, ever closed? */
    @Test
    void h2StreamRefusedFor408DoesNotHoldTheConnectionForever() throws Exception {
        App app = Lindy.app(Settings.builder().idleTimeout(Duration.ofSeconds(1)).build());
        app.post("/echo", ctx -> "got " + ctx.request().body().length);
        try (Served s = served(app)) {
            Channel c = connect(s.port(), 65_535);
            H2Answer answer = new H2Answer();
            Http2StreamChannel stream = H2Answer.open(c, answer);
            stream.writeAndFlush(new DefaultHttp2HeadersFrame(headers("POST", "/echo"), false));
            assertTrue(answer.done.get(10, TimeUnit.SECONDS).startsWith("408"));
            eventually(() -> !c.isActive() || clientViewOfStream(c, stream).startsWith("CLOSED"),
                    "10 idle timeouts after the 408, the stream and connection are still open");
            c.close();
        }
    }

    /** A body over maxBodyBytes on a stream: 413, then does the server keep swallowing the client's bytes forever? */
    @Test
    void h2BodyOverTheLimitEndsTheStream() throws Exception {
        App app = Lindy.app(Settings.builder().maxBodyBytes(1000).idleTimeout(Duration.ofSeconds(1)).build());
        app.post("/echo", ctx -> "got " + ctx.request().body().length);
        try (Served s = served(app)) {
            Channel c = connect(s.port(), 65_535);
            H2Answer answer = new H2Answer();
            Http2StreamChannel stream = H2Answer.open(c, answer);
            stream.writeAndFlush(new DefaultHttp2HeadersFrame(headers("POST", "/echo"), false));
            long sent = 0;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            while (System.nanoTime() < until && stream.isActive()) {
                if (stream.isWritable()) {
                    stream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(new byte[8192]), false));
                    sent += 8192;
                } else {
                    Thread.sleep(5);
                }
            }
            String got = answer.done.getNow("none");
            assertTrue(got.startsWith("413"), got);
            assertFalse(stream.isActive(), "the server accepted " + sent + " bytes over 4 s after its 413 and kept the stream");
            c.close();
        }
    }

    /**
     * Drain with a stream in flight: GOAWAY first, then the stream finishes within the stop's grace (longer than
     * the shutdownGrace setting, which does not cut it), and the connection closes when it ends.
     */
    @Test
    void h2DrainClosesTheConnectionWhenItsStreamsEnd() throws Exception {
        App app = Lindy.app(Settings.builder().stopOnSignal(false).shutdownGrace(Duration.ofMillis(300)).build());
        CompletableFuture<Void> arrived = new CompletableFuture<>();
        app.async(GET, "/slow", ctx -> {
            arrived.complete(null);
            Responder r = ctx.respond();
            ctx.after(Duration.ofSeconds(1), () -> r.send("late"));
        });
        app.start("127.0.0.1", 0);
        try {
            Channel c = connect(app.port(), 65_535);
            H2Answer answer = new H2Answer();
            H2Answer.open(c, answer).writeAndFlush(new DefaultHttp2HeadersFrame(headers("GET", "/slow"), true));
            arrived.get(10, TimeUnit.SECONDS);
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> app.stop(Duration.ofSeconds(10)));
            eventually(() -> connectionEvents.stream().anyMatch(e -> e.toString().contains("GoAway")),
                    "no GOAWAY within 10 s of the stop");
            assertEquals("200 late", answer.done.get(10, TimeUnit.SECONDS));
            long answered = System.nanoTime();
            c.closeFuture().await(10, TimeUnit.SECONDS);
            long closed = System.nanoTime();
            stopped.get(15, TimeUnit.SECONDS);
            assertTrue(TimeUnit.NANOSECONDS.toMillis(closed - answered) < 1000,
                    "connection closed " + TimeUnit.NANOSECONDS.toMillis(closed - answered) + " ms after its last stream ended");
        } finally {
            app.stop();
        }
    }

    /** HTTP/1.1 drain while a request's body is still arriving: the request is in flight, not idle. */
    @Test
    void h1DrainDoesNotDropARequestWhoseBodyIsArriving() throws Exception {
        App app = Lindy.app(Settings.builder().stopOnSignal(false).build());
        app.post("/echo", ctx -> "got " + ctx.request().body().length);
        CompletableFuture<Void> draining = new CompletableFuture<>();
        app.onStop(() -> draining.complete(null));
        app.start("127.0.0.1", 0);
        try (Socket sock = new Socket("127.0.0.1", app.port())) {
            sock.setSoTimeout(10_000);
            OutputStream out = sock.getOutputStream();
            // The interim answer says the server has the head; the body is then half sent when the drain begins.
            out.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] interim = sock.getInputStream().readNBytes("HTTP/1.1 100 Continue\r\n\r\n".length());
            assertTrue(new String(interim, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 100"));
            out.write("hello".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> app.stop(Duration.ofSeconds(5)));
            draining.get(10, TimeUnit.SECONDS);
            String result;
            try {
                out.write("world".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = sock.getInputStream();
                byte[] buf = new byte[4096];
                int n = in.read(buf);
                result = n < 0 ? "closed with no answer" : new String(buf, 0, n, StandardCharsets.US_ASCII).split("\r\n")[0];
            } catch (java.io.IOException e) {
                result = "error " + e;
            }
            stopped.get(15, TimeUnit.SECONDS);
            assertTrue(result.startsWith("HTTP/1.1"), result);
        } finally {
            app.stop();
        }
    }

    /** A partial h2c preface, then silence: closed at the idle timeout. A preface split in pieces still works. */
    @Test
    void prefaceSplitAndStalled() throws Exception {
        App app = Lindy.app(Settings.builder().idleTimeout(Duration.ofSeconds(1)).build());
        app.get("/hello", ctx -> "hello");
        try (Served s = served(app)) {
            try (Socket sock = new Socket("127.0.0.1", s.port())) {
                sock.setSoTimeout(5000);
                sock.getOutputStream().write("PRI * HTTP/2.0\r\n".getBytes(StandardCharsets.US_ASCII));
                int r = sock.getInputStream().read();
                assertEquals(-1, r);
            }
            try (Socket sock = new Socket("127.0.0.1", s.port())) {
                sock.setSoTimeout(5000);
                OutputStream out = sock.getOutputStream();
                byte[] p = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
                for (byte b : p) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(20);
                }
                out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
                out.flush();
                byte[] head = sock.getInputStream().readNBytes(9);
                assertEquals(4, head[3]);
            }
        }
    }

    /** PINGs are no activity: a connection with no stream open is closed at the idle timeout all the same. */
    @Test
    void pingsDoNotKeepAnIdleConnectionOpen() throws Exception {
        App app = Lindy.app(Settings.builder().idleTimeout(Duration.ofSeconds(1)).build());
        app.get("/hello", ctx -> "hello");
        try (Served s = served(app); Socket sock = new Socket("127.0.0.1", s.port())) {
            sock.setSoTimeout(250);
            OutputStream out = sock.getOutputStream();
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
            out.flush();
            long start = System.nanoTime();
            boolean closed = false;
            // A PING every 250 ms, for at most 10 idle timeouts: the server must close long before.
            while (!closed && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
                try {
                    out.write(new byte[] {0, 0, 8, 6, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8});
                    out.flush();
                } catch (IOException e) {
                    closed = true;
                    break;
                }
                try {
                    while (sock.getInputStream().read(new byte[4096]) >= 0) {
                        // SETTINGS, PING acks and at the end a GOAWAY: read on.
                    }
                    closed = true;
                } catch (SocketTimeoutException e) {
                    // Nothing more for now: ping again.
                } catch (IOException e) {
                    // Closed while a PING was still unread: a reset.
                    closed = true;
                }
            }
            assertTrue(closed, "an idle connection kept open by PINGs for 10 idle timeouts");
        }
    }

    @Test
    void h2StreamResetMidAnswerRunsOnCloseAndFailsWrites() throws Exception {
        CompletableFuture<String> closed = new CompletableFuture<>();
        CompletableFuture<dev.lindy.StreamWriter> writer = new CompletableFuture<>();
        App app = Lindy.app();
        app.async(GET, "/s", ctx -> {
            ctx.onClose(() -> closed.complete("onClose"));
            dev.lindy.StreamWriter out = ctx.respond().stream();
            out.write("first");
            writer.complete(out);
        });
        try (Served s = served(app)) {
            Channel c = connect(s.port(), 65_535);
            H2Answer answer = new H2Answer();
            Http2StreamChannel stream = H2Answer.open(c, answer);
            stream.writeAndFlush(new DefaultHttp2HeadersFrame(headers("GET", "/s"), true));
            writer.get(5, TimeUnit.SECONDS);
            stream.writeAndFlush(new io.netty.handler.codec.http2.DefaultHttp2ResetFrame(io.netty.handler.codec.http2.Http2Error.CANCEL));
            assertEquals("onClose", closed.get(10, TimeUnit.SECONDS));
            Throwable failed = null;
            try {
                writer.get().write("more").toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                failed = e.getCause();
            }
            assertTrue(failed != null, "a write after the client reset the stream succeeded");
            c.close();
        }
    }

    @Test
    void h2StreamToAClientThatNeverReadsIsReset() throws Exception {
        App app = Lindy.app(Settings.builder().writeTimeout(Duration.ofSeconds(1)).build());
        app.async(GET, "/flood", ctx -> {
            dev.lindy.StreamWriter out = ctx.respond().stream();
            flood(out);
        });
        try (Served s = served(app)) {
            Channel c = connect(s.port(), 1024);
            H2Answer answer = new H2Answer();
            Http2StreamChannel stream = H2Answer.open(c, answer);
            stream.config().setAutoRead(false);
            stream.writeAndFlush(new DefaultHttp2HeadersFrame(headers("GET", "/flood"), true));
            eventually(() -> clientViewOfStream(c, stream).startsWith("CLOSED"), "a stream to a client that never reads stayed open");
            c.close();
        }
    }

    // Polls a condition for up to ten seconds: far beyond the one-second timeouts these tests set.
    private static void eventually(java.util.function.BooleanSupplier condition, String failure) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < until, failure);
            Thread.sleep(50);
        }
    }

    private static void flood(dev.lindy.StreamWriter out) {
        out.write(new byte[16 * 1024]).thenRun(() -> flood(out));
    }
}
