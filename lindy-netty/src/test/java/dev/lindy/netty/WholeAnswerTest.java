package dev.lindy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import dev.lindy.StreamWriter;
import dev.lindy.http.Headers;
import dev.lindy.http.Response;
import dev.lindy.netty.internal.DevCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole answer on HTTP/1.1 as it leaves the server: the app's fields as given, and the server's own fields
 * (framing, date, connection, coding) in place of the app's.
 */
class WholeAnswerTest {

    private static App app() {
        App app = Lindy.app();
        app.get("/fields", ctx -> Response.of(200, Headers.of("Content-Type", "text/plain", "X-One", "1",
                "Set-Cookie", "a=1", "Set-Cookie", "b=2", "Date", "yesterday", "Transfer-Encoding", "chunked",
                "Content-Length", "999"), "body".getBytes(StandardCharsets.UTF_8)));
        app.get("/reset", ctx -> Response.of(205, Headers.of("Content-Type", "text/plain"),
                "dropped".getBytes(StandardCharsets.UTF_8)));
        app.get("/large", ctx -> {
            byte[] body = new byte[100_000];
            Arrays.fill(body, (byte) 'x');
            body[body.length - 1] = 'y';
            return Response.of(200, Headers.of("Content-Type", "text/plain"), body);
        });
        app.get("/sized", ctx -> Response.of(200, Headers.of("Content-Length", "5"), "12345".getBytes(StandardCharsets.UTF_8)));
        String page = "lorem ipsum dolor sit amet ".repeat(200);
        app.get("/varies", ctx -> Response.of(200, Headers.of("Content-Type", "text/plain", "Vary", "Cookie,  accept-encoding"),
                page.getBytes(StandardCharsets.UTF_8)));
        app.get("/cookie", ctx -> Response.of(200, Headers.of("Content-Type", "text/plain", "Vary", "Cookie",
                "ETag", "\"v1\""), page.getBytes(StandardCharsets.UTF_8)));
        app.get("/stream", ctx -> {
            StreamWriter out = ctx.respond().stream();
            out.write("one ").thenCompose(v -> out.write("two")).thenCompose(v -> out.close());
            return null;
        });
        app.post("/echo", ctx -> ctx.request().bodyText());
        app.ws("/ws", ws -> ws.onMessage((socket, text) -> socket.send(text)));
        return app;
    }

    @Test
    void theAppsFieldsGoOutInOrderAndTheServersReplaceTheirNamesakes() throws Exception {
        try (Served s = Served.start(app()); RawConnection c = s.connect()) {
            RawConnection.RawResponse r = c.send("GET /fields HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals("HTTP/1.1 200 OK", r.statusLine());
            assertEquals("body", r.body());
            assertEquals("4", r.header("Content-Length"));
            assertNull(r.header("Transfer-Encoding"));
            assertTrue(r.header("Date").endsWith(" GMT"), r.header("Date"));
            assertEquals("a=1, b=2", r.header("Set-Cookie"));
            assertEquals("1", r.header("X-One"));
            // The connection stays usable: the framing was the server's.
            assertEquals("body", c.send("GET /fields HTTP/1.1\r\nHost: x\r\n\r\n").read().body());
        }
    }

    @Test
    void resetContentHasAZeroLengthAndNoBody() throws Exception {
        try (Served s = Served.start(app()); RawConnection c = s.connect()) {
            RawConnection.RawResponse r = c.send("GET /reset HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(205, r.status());
            assertEquals("0", r.header("Content-Length"));
            assertEquals("", r.body());
            assertEquals("body", c.send("GET /fields HTTP/1.1\r\nHost: x\r\n\r\n").read().body());
        }
    }

    @Test
    void aLargeBodyArrivesWhole() throws Exception {
        try (Served s = Served.start(app()); RawConnection c = s.connect()) {
            for (int i = 0; i < 2; i++) {
                RawConnection.RawResponse r = c.send("GET /large HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertEquals("100000", r.header("Content-Length"));
                assertEquals(100_000, r.body().length());
                assertTrue(r.body().endsWith("xy"));
            }
        }
    }

    @Test
    void headKeepsTheLengthTheAppNamed() throws Exception {
        try (Served s = Served.start(app()); RawConnection c = s.connect()) {
            RawConnection.RawResponse r = c.send("HEAD /sized HTTP/1.1\r\nHost: x\r\n\r\n").read(true);
            assertEquals("5", r.header("Content-Length"));
            assertEquals("12345", c.send("GET /sized HTTP/1.1\r\nHost: x\r\n\r\n").read().body());
        }
    }

    @Test
    void http10KeepAliveIsSaidAndCloseIsSaidWhenTheConnectionEnds() throws Exception {
        try (Served s = Served.start(app())) {
            try (RawConnection c = s.connect()) {
                RawConnection.RawResponse r = c.send("GET /fields HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
                assertEquals("HTTP/1.0 200 OK", r.statusLine());
                assertEquals("keep-alive", r.header("Connection"));
            }
            try (RawConnection c = s.connect()) {
                RawConnection.RawResponse r = c.send("GET /fields HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").read();
                assertEquals("close", r.header("Connection"));
                assertTrue(c.closedByServer());
            }
        }
    }

    @Test
    void aCompressedAnswerVariesOnTheCodingOnceAndWeakensItsEtag() throws Exception {
        try (Served s = Served.start(app()); RawConnection c = s.connect()) {
            RawConnection.RawResponse listed = c.send("GET /varies HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n").read();
            assertEquals("gzip", listed.header("Content-Encoding"));
            assertEquals("Cookie,  accept-encoding", listed.header("Vary"));
            RawConnection.RawResponse added = c.send("GET /cookie HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n").read();
            assertEquals("gzip", added.header("Content-Encoding"));
            assertEquals("Cookie, Accept-Encoding", added.header("Vary"));
            assertEquals("W/\"v1\"", added.header("ETag"));
        }
    }

    @Test
    void wholeAnswersStreamsInterimAnswersAndAnUpgradeShareOneConnection() throws Exception {
        try (Served s = Served.start(app()); RawConnection c = s.connect()) {
            assertEquals("body", c.send("GET /fields HTTP/1.1\r\nHost: x\r\n\r\n").read().body());
            RawConnection.RawResponse stream = c.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals("chunked", stream.header("Transfer-Encoding"));
            assertEquals("one two", stream.body());
            assertEquals("body", c.send("GET /fields HTTP/1.1\r\nHost: x\r\n\r\n").read().body());
            assertEquals(100, c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
                    .read().status());
            assertEquals("hello", c.send("hello").read().body());
            assertEquals("body", c.send("GET /fields HTTP/1.1\r\nHost: x\r\n\r\n").read().body());
            RawConnection.RawResponse upgrade = c.send("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .read();
            assertEquals(101, upgrade.status());
            assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", upgrade.header("Sec-WebSocket-Accept"));
        }
    }

    /**
     * Over TLS a file goes out through a chunked writer the connection adds, while whole answers pass it by:
     * answers pipelined behind a file, and a HEAD of a stream, still come whole and in order.
     */
    @Test
    void overTlsWholeAnswersPipelinedBehindAFileComeInOrder(@TempDir Path dir) throws Exception {
        DevCertificate certificate = DevCertificate.create(dir.resolve("tls"));
        byte[] file = new byte[200_000];
        Arrays.fill(file, (byte) 'f');
        Files.write(dir.resolve("big.bin"), file);
        App app = app();
        app.get("/file", ctx -> ctx.sendFile(dir.resolve("big.bin")));
        Settings settings = app.settings().newBuilder().host("127.0.0.1").port(0)
                .tls(certificate.certificate(), certificate.key()).build();
        NettyServer server = NettyServer.start(app.handler(), settings);
        try (RawConnection c = new RawConnection(TrustingTls.context().getSocketFactory().createSocket("127.0.0.1",
                server.port()))) {
            c.send("GET /file HTTP/1.1\r\nHost: x\r\n\r\nGET /fields HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "HEAD /stream HTTP/1.1\r\nHost: x\r\n\r\nGET /fields HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /file HTTP/1.1\r\nHost: x\r\n\r\nGET /fields HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200_000, c.read().body().length());
            assertEquals("body", c.read().body());
            assertEquals(200, c.read(true).status());
            assertEquals("body", c.read().body());
            assertEquals(200_000, c.read().body().length());
            assertEquals("body", c.read().body());
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }
}
