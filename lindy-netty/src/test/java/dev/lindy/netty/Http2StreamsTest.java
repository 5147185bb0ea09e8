package dev.lindy.netty;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import dev.lindy.Settings;
import dev.lindy.internal.BodySpool;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an HTTP/2 stream carries and how it ends: the request as the app sees it (cookies split over fields,
 * the host, trailers, 100-continue), streams past the concurrency limit, a reset before the answer, a file
 * through a small window, an upload held back by its disk, and the drain of many streams.
 */
class Http2StreamsTest {
    private final EventLoopGroup clients = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<Object> connectionEvents = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopClients() {
        clients.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static Http2Headers headers(String method, String path) {
        return new DefaultHttp2Headers().method(method).path(path).scheme("http").authority("127.0.0.1");
    }

    private Channel connect(int port, int window) throws InterruptedException {
        return H2Answer.connect(clients, port, window, connectionEvents);
    }

    /** RFC 9113 8.2.3: a client may send its cookies as several fields; the app reads them as one header. */
    @Test
    void cookiesSplitOverSeveralFieldsReachTheAppTogether() throws Exception {
        App app = Lindy.app();
        app.get("/c", ctx -> ctx.cookie("a") + "," + ctx.cookie("b") + "," + ctx.cookie("c"));
        try (Served s = Served.start(app)) {
            Channel c = connect(s.port(), 65_535);
            H2Answer answer = new H2Answer();
            H2Answer.open(c, answer).writeAndFlush(new DefaultHttp2HeadersFrame(
                    headers("GET", "/c").add("cookie", "a=1").add("cookie", "b=2; c=3"), true));
            assertEquals("200 1,2,3", answer.done.get(10, TimeUnit.SECONDS));
            c.close();
        }
    }

    /** The app sees the host from :authority, and the fields the client sent, with no pseudo-header among them. */
    @Test
    void theAppSeesTheHostFromAuthorityAndNoPseudoHeaders() throws Exception {
        App app = Lindy.app();
        app.get("/h", ctx -> {
            dev.lindy.http.Headers h = ctx.request().headers();
            boolean pseudo = java.util.stream.IntStream.range(0, h.size()).anyMatch(i -> h.name(i).startsWith(":"));
            return ctx.request().header("Host") + " " + ctx.request().header("X-Mine") + " " + pseudo;
        });
        try (Served s = Served.start(app)) {
            Channel c = connect(s.port(), 65_535);
            H2Answer answer = new H2Answer();
            H2Answer.open(c, answer).writeAndFlush(new DefaultHttp2HeadersFrame(
                    headers("GET", "/h").authority("example.org:8443").add("x-mine", "yes"), true));
            String got = answer.done.get(10, TimeUnit.SECONDS);
            assertEquals("200 example.org:8443 yes false", got);
            c.close();
        }
    }

    /** Without :authority or Host the request names no host: 400, and the connection serves the next stream. */
    @Test
    void aRequestWithNoAuthorityNorHostIs400() throws Exception {
        App app = Lindy.app();
        app.get("/hello", ctx -> "hello");
        try (Served s = Served.start(app)) {
            Channel c = connect(s.port(), 65_535);
            H2Answer bad = new H2Answer();
            H2Answer.open(c, bad).writeAndFlush(new DefaultHttp2HeadersFrame(
                    new DefaultHttp2Headers().method("GET").path("/hello").scheme("http"), true));
            assertTrue(bad.done.get(10, TimeUnit.SECONDS).startsWith("400 "), bad.done.get());
            H2Answer bogus = new H2Answer();
            H2Answer.open(c, bogus).writeAndFlush(new DefaultHttp2HeadersFrame(
                    headers("GET", "/hello").authority("user@example.org"), true));
            assertTrue(bogus.done.get(10, TimeUnit.SECONDS).startsWith("400 "), bogus.done.get());
            H2Answer samePort = new H2Answer();
            H2Answer.open(c, samePort).writeAndFlush(new DefaultHttp2HeadersFrame(
                    headers("GET", "/hello").authority("Example.org").add("host", "example.org:80"), true));
            assertEquals("200 hello", samePort.done.get(10, TimeUnit.SECONDS));
            H2Answer twoHosts = new H2Answer();
            H2Answer.open(c, twoHosts).writeAndFlush(new DefaultHttp2HeadersFrame(
                    headers("GET", "/hello").add("host", "elsewhere.example"), true));
            assertTrue(twoHosts.done.get(10, TimeUnit.SECONDS).startsWith("400 "), twoHosts.done.get());
            H2Answer good = new H2Answer();
            H2Answer.open(c, good).writeAndFlush(new DefaultHttp2HeadersFrame(headers("GET", "/hello"), true));
            assertEquals("200 hello", good.done.get(10, TimeUnit.SECONDS));
            c.close();
        }
    }

    /**
     * A target Lindy refuses (a bad escape, a climb above the root) is a 400 on its own stream, before any body
     * is read for it; the connection's other streams go on.
     */
    @Test
    void aMalformedTargetIs400AndTheConnectionServesOn() throws Exception {
        App app = Lindy.app();
        app.get("/hello", ctx -> "hello");
        app.post("/echo", ctx -> "got " + ctx.request().body().length);
        try (Served s = Served.start(app)) {
            Channel c = connect(s.port(), 65_535);
            H2Answer escape = new H2Answer();
            H2Answer.open(c, escape).writeAndFlush(new DefaultHttp2HeadersFrame(headers("GET", "/x/%zz"), true));
            assertTrue(escape.done.get(10, TimeUnit.SECONDS).startsWith("400 "), escape.done.get());
            H2Answer climb = new H2Answer();
            H2Answer.open(c, climb).writeAndFlush(new DefaultHttp2HeadersFrame(headers("POST", "/../echo"), false));
            assertTrue(climb.done.get(10, TimeUnit.SECONDS).startsWith("400 "), climb.done.get());
            H2Answer good = new H2Answer();
            H2Answer.open(c, good).writeAndFlush(new DefaultHttp2HeadersFrame(headers("GET", "/hello"), true));
            assertEquals("200 hello", good.done.get(10, TimeUnit.SECONDS));
            assertTrue(c.isActive());
            c.close();
        }
    }

    /**
     * A streamed answer to HEAD stays open until the app closes it, as on HTTP/1: the app's writes, later than
     * the head, succeed (and send nothing); the client gets the head alone.
     */
    @Test
    void aStreamedAnswerToHeadTakesTheAppsWrites() throws Exception {
        App app = Lindy.app();
        CompletableFuture<String> writes = new CompletableFuture<>();
        app.async(GET, "/s", ctx -> {
            dev.lindy.StreamWriter out = ctx.respond().stream();
            ctx.after(Duration.ofMillis(300), () -> out.write("abc").thenCompose(v -> out.write("def"))
                    .whenComplete((v, e) -> {
                        writes.complete(e == null ? "written" : e.toString());
                        out.close();
                    }));
        });
        try (Served s = Served.start(app)) {
            Channel c = connect(s.port(), 65_535);
            H2Answer answer = new H2Answer();
            H2Answer.open(c, answer).writeAndFlush(new DefaultHttp2HeadersFrame(headers("HEAD", "/s"), true));
            assertEquals("200 ", answer.done.get(10, TimeUnit.SECONDS));
            assertEquals("written", writes.get(10, TimeUnit.SECONDS));
            assertEquals(0, answer.bytes.get());
            c.close();
        }
    }

    /** Trailers end a body: the request reaches the app with the bytes before them. */
    @Test
    void trailersEndTheBody() throws Exception {
        App app = Lindy.app();
        app.post("/echo", ctx -> "got " + new String(ctx.request().body(), StandardCharsets.UTF_8));
        try (Served s = Served.start(app)) {
            Channel c = connect(s.port(), 65_535);
            H2Answer answer = new H2Answer();
            Http2StreamChannel stream = H2Answer.open(c, answer);
            stream.write(new DefaultHttp2HeadersFrame(headers("POST", "/echo"), false));
            stream.write(new DefaultHttp2DataFrame(Unpooled.copiedBuffer("abc", StandardCharsets.UTF_8), false));
            stream.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().add("x-checksum", "1"), true));
            assertEquals("200 got abc", answer.done.get(10, TimeUnit.SECONDS));
            c.close();
        }
    }

    /** A stream that expects 100-continue hears it before it sends its body, then gets its answer. */
    @Test
    void expectContinueGetsAnInterimAnswerFirst() throws Exception {
        App app = Lindy.app();
        app.post("/echo", ctx -> "got " + ctx.request().body().length);
        try (Served s = Served.start(app)) {
            Channel c = connect(s.port(), 65_535);
            List<String> statuses = new CopyOnWriteArrayList<>();
            H2Answer answer = new H2Answer(statuses);
            Http2StreamChannel stream = H2Answer.open(c, answer);
            stream.writeAndFlush(new DefaultHttp2HeadersFrame(headers("POST", "/echo").add("expect", "100-continue"), false));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (statuses.isEmpty()) {
                assertTrue(System.nanoTime() < until, "no interim answer within 10 s");
                Thread.sleep(20);
            }
            assertEquals("100", statuses.get(0));
            stream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(new byte[5]), true));
            assertEquals("200 got 5", answer.done.get(10, TimeUnit.SECONDS));
            c.close();
        }
    }

    /**
     * A client that opens more streams than the server's limit before it read the server's settings: the
     * stream past the limit is refused (RST_STREAM REFUSED_STREAM), the ones within it are served.
     */
    @Test
    void streamsPastTheConcurrencyLimitAreRefused() throws Exception {
        App app = Lindy.app(Settings.builder().maxConcurrentStreams(2).build());
        List<Responder> held = new CopyOnWriteArrayList<>();
        app.async(GET, "/", ctx -> held.add(ctx.respond()));
        try (Served s = Served.start(app); Socket sock = new Socket("127.0.0.1", s.port())) {
            sock.setSoTimeout(10_000);
            OutputStream out = sock.getOutputStream();
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(RawFrames.frame(4, 0, 0, new byte[0]));
            for (int id = 1; id <= 5; id += 2) {
                out.write(RawFrames.frame(1, RawFrames.END_STREAM | RawFrames.END_HEADERS, id, RawFrames.GET_SLASH));
            }
            out.flush();
            DataInputStream in = new DataInputStream(sock.getInputStream());
            RawFrames.Frame reset = RawFrames.readUntil(in, f -> f.type() == 3);
            assertEquals(5, reset.stream());
            assertEquals(Http2Error.REFUSED_STREAM.code(), RawFrames.errorCode(reset));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (held.size() < 2) {
                assertTrue(System.nanoTime() < until, "the streams within the limit did not reach the app");
                Thread.sleep(20);
            }
            held.forEach(r -> r.send("ok"));
            RawFrames.Frame answer = RawFrames.readUntil(in, f -> f.type() == 1);
            assertTrue(answer.stream() == 1 || answer.stream() == 3, "answer on stream " + answer.stream());
        }
    }

    /** A client that resets its stream before the answer: the app hears of it, and the connection goes on. */
    @Test
    void aResetBeforeTheAnswerRunsOnCloseAndTheConnectionServesOn() throws Exception {
        App app = Lindy.app();
        CompletableFuture<Responder> waiting = new CompletableFuture<>();
        CompletableFuture<Boolean> closed = new CompletableFuture<>();
        app.async(GET, "/wait", ctx -> {
            ctx.onClose(() -> closed.complete(true));
            waiting.complete(ctx.respond());
        });
        app.get("/hello", ctx -> "hello");
        try (Served s = Served.start(app)) {
            Channel c = connect(s.port(), 65_535);
            H2Answer first = new H2Answer();
            Http2StreamChannel stream = H2Answer.open(c, first);
            stream.writeAndFlush(new DefaultHttp2HeadersFrame(headers("GET", "/wait"), true));
            Responder r = waiting.get(10, TimeUnit.SECONDS);
            stream.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL));
            assertTrue(closed.get(10, TimeUnit.SECONDS));
            r.send("too late");
            assertFalse(first.done.isDone(), "an answer reached a stream the client had reset");
            H2Answer next = new H2Answer();
            H2Answer.open(c, next).writeAndFlush(new DefaultHttp2HeadersFrame(headers("GET", "/hello"), true));
            assertEquals("200 hello", next.done.get(10, TimeUnit.SECONDS));
            c.close();
        }
    }

    /** A file many times the stream's window arrives whole, in the window's steps. */
    @Test
    void aFileLargerThanTheWindowArrivesWhole(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.bin");
        byte[] bytes = new byte[300_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        Files.write(file, bytes);
        App app = Lindy.app();
        app.get("/file", ctx -> ctx.sendFile(file));
        try (Served s = Served.start(app)) {
            Channel c = connect(s.port(), 4096);
            H2Answer answer = new H2Answer();
            H2Answer.open(c, answer).writeAndFlush(new DefaultHttp2HeadersFrame(headers("GET", "/file"), true));
            String got = answer.done.get(20, TimeUnit.SECONDS);
            assertEquals("200 " + new String(bytes, StandardCharsets.US_ASCII), got);
            assertEquals(String.valueOf(bytes.length), answer.headers.get("content-length").toString());
            c.close();
        }
    }

    /** The drain with many streams pending: each gets the 503 the grace deadline ends it with. */
    @Test
    void theDrainEndsEveryPendingStream() throws Exception {
        App app = Lindy.app(Settings.builder().stopOnSignal(false).build());
        AtomicInteger arrived = new AtomicInteger();
        app.async(GET, "/wait", ctx -> {
            ctx.respond();
            arrived.incrementAndGet();
        });
        app.start("127.0.0.1", 0);
        try {
            Channel c = connect(app.port(), 65_535);
            List<H2Answer> answers = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                H2Answer answer = new H2Answer();
                answers.add(answer);
                H2Answer.open(c, answer).writeAndFlush(new DefaultHttp2HeadersFrame(headers("GET", "/wait"), true));
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (arrived.get() < answers.size()) {
                assertTrue(System.nanoTime() < until, arrived.get() + " of " + answers.size() + " streams reached the app");
                Thread.sleep(20);
            }
            app.stop(Duration.ofMillis(500));
            for (H2Answer answer : answers) {
                assertTrue(answer.done.get(10, TimeUnit.SECONDS).startsWith("503 "), answer.done.get());
            }
            assertTrue(c.closeFuture().await(10, TimeUnit.SECONDS), "the connection stayed open after the drain");
        } finally {
            app.stop();
        }
    }

    /**
     * Uploads whose disk falls behind (every disk thread held here) keep their streams' windows shut: a client
     * can send no more than the spool's backlog and a window, and the rest once the disk catches up. With two of
     * the connection's three streams held so, the third still sends its body.
     */
    @Test
    void anUploadWhoseDiskFallsBehindHoldsTheStreamsWindowShut() throws Exception {
        ThreadPoolExecutor disk = (ThreadPoolExecutor) BodySpool.diskThreads();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(disk.getMaximumPoolSize());
        for (int i = 0; i < disk.getMaximumPoolSize(); i++) {
            disk.execute(() -> {
                holding.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        App app = Lindy.app(Settings.builder().maxConcurrentStreams(3).build());
        app.post("/up", ctx -> "got " + ctx.upload("f").size());
        app.post("/echo", ctx -> "got " + ctx.request().body().length);
        int total = 4 << 20;
        try (Served s = Served.start(app)) {
            assertTrue(holding.await(10, TimeUnit.SECONDS), "the disk threads were not all held");
            Channel c = connect(s.port(), 65_535);
            H2Answer answer = new H2Answer();
            Http2StreamChannel stream = startUpload(c, answer);
            long sent = send(stream, total, TimeUnit.SECONDS.toNanos(3));
            // The spool's backlog is 1 MiB, the stream's window 64 KiB.
            assertTrue(sent < 2 << 20, "the server took " + sent + " bytes while its disk was held");
            H2Answer answer2 = new H2Answer();
            Http2StreamChannel stream2 = startUpload(c, answer2);
            long sent2 = send(stream2, total, TimeUnit.SECONDS.toNanos(3));
            assertTrue(sent2 < 2 << 20, "the server took " + sent2 + " bytes while its disk was held");
            // Another stream's body, larger than a stream's window, gets through meanwhile.
            H2Answer other = new H2Answer();
            Http2StreamChannel second = H2Answer.open(c, other);
            second.writeAndFlush(new DefaultHttp2HeadersFrame(headers("POST", "/echo"), false));
            assertEquals(200_000, send(second, 200_000, TimeUnit.SECONDS.toNanos(10)));
            second.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.EMPTY_BUFFER, true));
            assertEquals("200 got 200000", other.done.get(10, TimeUnit.SECONDS));
            release.countDown();
            sent += send(stream, total - sent, TimeUnit.SECONDS.toNanos(20));
            sent2 += send(stream2, total - sent2, TimeUnit.SECONDS.toNanos(20));
            assertEquals(total, sent);
            assertEquals(total, sent2);
            for (Http2StreamChannel upload : List.of(stream, stream2)) {
                upload.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.copiedBuffer("\r\n--b--\r\n",
                        StandardCharsets.US_ASCII), true));
            }
            assertEquals("200 got " + total, answer.done.get(20, TimeUnit.SECONDS));
            assertEquals("200 got " + total, answer2.done.get(20, TimeUnit.SECONDS));
            c.close();
        } finally {
            release.countDown();
        }
    }

    // Opens a stream that uploads one file, and sends the head of its part.
    private static Http2StreamChannel startUpload(Channel c, H2Answer answer) throws Exception {
        Http2StreamChannel stream = H2Answer.open(c, answer);
        stream.write(new DefaultHttp2HeadersFrame(headers("POST", "/up")
                .add("content-type", "multipart/form-data; boundary=b"), false));
        stream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.copiedBuffer("--b\r\nContent-Disposition: form-data; "
                + "name=\"f\"; filename=\"x.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n",
                StandardCharsets.US_ASCII), false));
        return stream;
    }

    // Sends up to so many bytes as the stream's window lets through, for at most so long; returns how many.
    private static long send(Http2StreamChannel stream, long bytes, long nanos) throws InterruptedException {
        long sent = 0;
        long until = System.nanoTime() + nanos;
        while (sent < bytes && System.nanoTime() < until) {
            if (stream.isWritable()) {
                int n = (int) Math.min(16 * 1024, bytes - sent);
                stream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(new byte[n]), false));
                sent += n;
            } else {
                Thread.sleep(10);
            }
        }
        return sent;
    }

    /** Frames written and read by hand, for a client that breaks the rules Netty's client keeps. */
    static final class RawFrames {
        static final int END_STREAM = 0x1;
        static final int END_HEADERS = 0x4;
        // HPACK: :method GET, :scheme http, :path / from the static table; :authority "x" as a literal.
        static final byte[] GET_SLASH = {(byte) 0x82, (byte) 0x86, (byte) 0x84, 0x01, 0x01, 'x'};

        record Frame(int type, int flags, int stream, byte[] payload) {
        }

        static byte[] frame(int type, int flags, int stream, byte[] payload) {
            byte[] f = new byte[9 + payload.length];
            f[0] = (byte) (payload.length >>> 16);
            f[1] = (byte) (payload.length >>> 8);
            f[2] = (byte) payload.length;
            f[3] = (byte) type;
            f[4] = (byte) flags;
            f[5] = (byte) (stream >>> 24);
            f[6] = (byte) (stream >>> 16);
            f[7] = (byte) (stream >>> 8);
            f[8] = (byte) stream;
            System.arraycopy(payload, 0, f, 9, payload.length);
            return f;
        }

        static Frame readUntil(DataInputStream in, java.util.function.Predicate<Frame> wanted) throws Exception {
            while (true) {
                int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
                int type = in.readUnsignedByte();
                int flags = in.readUnsignedByte();
                int stream = in.readInt() & 0x7fffffff;
                byte[] payload = new byte[length];
                in.readFully(payload);
                Frame f = new Frame(type, flags, stream, payload);
                if (wanted.test(f)) {
                    return f;
                }
                if (type == 7) {
                    throw new EOFException("GOAWAY before the frame awaited");
                }
            }
        }

        static long errorCode(Frame reset) {
            byte[] p = reset.payload();
            return (p[0] & 0xffL) << 24 | (p[1] & 0xff) << 16 | (p[2] & 0xff) << 8 | (p[3] & 0xff);
        }
    }
}
