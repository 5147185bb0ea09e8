package dev.lindy.netty;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import dev.lindy.StreamWriter;
import dev.lindy.http.Headers;
import dev.lindy.http.Response;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 in clear text with prior knowledge, spoken by Netty's own HTTP/2 client: an exchange, a stream's
 * writes held to the client's flow-control window, and a client that resets streams as fast as it opens
 * them (CVE-2023-44487) cut off.
 */
class Http2Test {
    private final EventLoopGroup clients = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @AfterEach
    void stopClients() {
        clients.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private Channel connect(int port, int window) throws InterruptedException {
        return H2Answer.connect(clients, port, window, new java.util.concurrent.CopyOnWriteArrayList<>());
    }


    private static DefaultHttp2HeadersFrame get(String path) {
        return new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().method("GET").path(path).scheme("http")
                .authority("127.0.0.1"), true);
    }

    @Test
    void aClientWithPriorKnowledgeSpeaksHttp2InClearText() throws Exception {
        App app = Lindy.app();
        app.get("/hello", ctx -> "hello " + ctx.request().version());
        try (Served s = Served.start(app)) {
            Channel c = connect(s.port(), 65_535);
            H2Answer answer = new H2Answer();
            H2Answer.open(c, answer).writeAndFlush(get("/hello"));
            assertEquals("200 hello HTTP/2", answer.done.get(10, TimeUnit.SECONDS));
            c.close();
        }
    }

    @Test
    void aStreamsWritesAreHeldToTheClientsWindow() throws Exception {
        CompletableFuture<AtomicLong> written = new CompletableFuture<>();
        App app = Lindy.app();
        app.async(GET, "/flood", ctx -> {
            StreamWriter out = ctx.respond().stream();
            AtomicLong done = new AtomicLong();
            written.complete(done);
            flood(out, done);
        });
        try (Served s = Served.start(app)) {
            Channel c = connect(s.port(), 16 * 1024);
            H2Answer answer = new H2Answer();
            Http2StreamChannel stream = H2Answer.open(c, answer);
            // The client reads nothing: its window never opens again.
            stream.config().setAutoRead(false);
            stream.writeAndFlush(get("/flood"));
            AtomicLong done = written.get(10, TimeUnit.SECONDS);
            // Generous time for writes to go out if nothing held them back.
            Thread.sleep(1000);
            assertTrue(done.get() <= 64 * 1024 + 16 * 1024, "writes completed beyond the window: " + done.get() + " bytes");
            c.close();
        }
    }

    // Writes 16 KiB chunks one after another, each once the one before has completed.
    private static void flood(StreamWriter out, AtomicLong done) {
        out.write(new byte[16 * 1024]).thenRun(() -> {
            done.addAndGet(16 * 1024);
            if (done.get() < 10L << 20) {
                flood(out, done);
            }
        });
    }

    @Test
    void aClientThatResetsStreamsAsFastAsItOpensThemIsCutOff() throws Exception {
        App app = Lindy.app(Settings.builder().handlerTimeout(Duration.ofSeconds(30)).build());
        app.async(GET, "/slow", ctx -> {
            ctx.respond();
        });
        try (Served s = Served.start(app)) {
            Channel c = connect(s.port(), 65_535);
            int sent = 0;
            for (; sent < 2000 && c.isActive(); sent++) {
                Http2StreamChannel stream;
                try {
                    stream = H2Answer.open(c, new H2Answer());
                } catch (java.util.concurrent.ExecutionException closed) {
                    // The server cut the connection off while this stream was being opened.
                    break;
                }
                stream.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().method("GET").path("/slow").scheme("http")
                        .authority("127.0.0.1"), false));
                stream.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL));
            }
            assertTrue(c.closeFuture().await(10, TimeUnit.SECONDS), "the connection was not closed after " + sent + " resets");
            assertTrue(sent < 2000, "all " + sent + " resets were taken");
        }
    }

    @Test
    void aWholeAnswerSendsLowerCaseFieldsAndNoneAboutAnHttp1Connection() throws Exception {
        App app = Lindy.app();
        app.get("/fields", ctx -> Response.of(200, Headers.of("Content-Type", "text/plain", "X-Mixed-Case", "1",
                "Connection", "close", "Connection", "X-Hop", "X-Hop", "gone", "Keep-Alive", "timeout=5",
                "Transfer-Encoding", "chunked", "Host", "example.com", "TE", "deflate, trailers", "Content-Length", "999"),
                "body".getBytes(StandardCharsets.UTF_8)));
        String page = "lorem ipsum dolor sit amet ".repeat(200);
        app.get("/page", ctx -> Response.of(200, Headers.of("Content-Type", "text/plain", "ETag", "\"p1\""),
                page.getBytes(StandardCharsets.UTF_8)));
        app.get("/reset", ctx -> Response.of(205, Headers.of("Content-Type", "text/plain"),
                "dropped".getBytes(StandardCharsets.UTF_8)));
        try (Served s = Served.start(app)) {
            Channel c = connect(s.port(), 65_535);
            H2Answer fields = new H2Answer();
            H2Answer.open(c, fields).writeAndFlush(get("/fields"));
            assertEquals("200 body", fields.done.get(10, TimeUnit.SECONDS));
            assertEquals("1", String.valueOf(fields.headers.get("x-mixed-case")));
            assertEquals("4", String.valueOf(fields.headers.get("content-length")));
            assertEquals("text/plain", String.valueOf(fields.headers.get("content-type")));
            assertTrue(fields.headers.get("date") != null);
            for (String gone : new String[] {"connection", "x-hop", "keep-alive", "transfer-encoding", "host"}) {
                assertEquals(null, fields.headers.get(gone), gone);
            }
            assertEquals("trailers", String.valueOf(fields.headers.get("te")));
            H2Answer head = new H2Answer();
            H2Answer.open(c, head).writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().method("HEAD")
                    .path("/fields").scheme("http").authority("127.0.0.1"), true));
            assertEquals("200 ", head.done.get(10, TimeUnit.SECONDS));
            // An answer to HEAD keeps the length the app named: it is what a GET would say.
            assertEquals("999", String.valueOf(head.headers.get("content-length")));
            H2Answer compressed = new H2Answer();
            H2Answer.open(c, compressed).writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers()
                    .method("GET").path("/page").scheme("http").authority("127.0.0.1").add("accept-encoding", "gzip"), true));
            compressed.done.get(10, TimeUnit.SECONDS);
            assertEquals("gzip", String.valueOf(compressed.headers.get("content-encoding")));
            assertEquals("Accept-Encoding", String.valueOf(compressed.headers.get("vary")));
            assertEquals("W/\"p1\"", String.valueOf(compressed.headers.get("etag")));
            assertEquals(compressed.bytes.get(), Long.parseLong(String.valueOf(compressed.headers.get("content-length"))));
            H2Answer reset = new H2Answer();
            H2Answer.open(c, reset).writeAndFlush(get("/reset"));
            assertEquals("205 ", reset.done.get(10, TimeUnit.SECONDS));
            assertEquals("0", String.valueOf(reset.headers.get("content-length")));
            c.close();
        }
    }
}
