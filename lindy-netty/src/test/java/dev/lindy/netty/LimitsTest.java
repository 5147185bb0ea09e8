package dev.lindy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import org.junit.jupiter.api.Test;

/** Request limits and malformed framing: the right 4xx with a message, then the connection closed. */
class LimitsTest {

    private static Served serve(Settings.Builder settings) throws Exception {
        App app = Lindy.app(settings.build());
        app.get("/", ctx -> "root");
        app.post("/", ctx -> "posted " + ctx.request().body().length);
        return Served.start(app);
    }

    private static void assertRejected(Served s, String request, int status, String message) throws Exception {
        try (RawConnection c = s.connect()) {
            RawConnection.RawResponse r = c.send(request).read();
            assertEquals(status, r.status(), r.body());
            assertTrue(r.body().contains(message), r.body());
            assertEquals("close", r.header("Connection"));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void aTooLongRequestLineGets414() throws Exception {
        try (Served s = serve(Settings.builder())) {
            assertRejected(s, "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414, "request line");
        }
    }

    @Test
    void tooLargeHeadersGet431() throws Exception {
        try (Served s = serve(Settings.builder())) {
            assertRejected(s, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(17000) + "\r\n\r\n", 431, "headers");
        }
    }

    @Test
    void aTooLargeBodyGets413() throws Exception {
        try (Served s = serve(Settings.builder().maxBodyBytes(1024))) {
            assertRejected(s, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2048\r\n\r\n" + "c".repeat(2048), 413, "1024");
            try (RawConnection c = s.connect()) {
                assertEquals("posted 1024", c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1024\r\n\r\n"
                        + "c".repeat(1024)).read().body());
            }
        }
    }

    @Test
    void aClientStillSendingARefusedBodyGetsTheRefusalNotAReset() throws Exception {
        try (Served s = serve(Settings.builder().maxBodyBytes(1024))) {
            for (String framing : new String[] {"Content-Length: 16777216", "Transfer-Encoding: chunked"}) {
                try (RawConnection c = s.connect()) {
                    c.send("POST / HTTP/1.1\r\nHost: x\r\n" + framing + "\r\n\r\n");
                    // More than the socket buffers hold: the client finishes sending only if the server reads on.
                    String piece = "c".repeat(64 * 1024);
                    for (int i = 0; i < 256; i++) {
                        c.send(framing.startsWith("Transfer") ? Integer.toHexString(piece.length()) + "\r\n" + piece + "\r\n" : piece);
                    }
                    RawConnection.RawResponse r = c.read();
                    assertEquals(413, r.status(), r.body());
                    assertTrue(r.body().contains("1024"), r.body());
                    assertTrue(c.closedByServer());
                }
            }
        }
    }

    @Test
    void aMalformedRequestGets400() throws Exception {
        try (Served s = serve(Settings.builder())) {
            assertRejected(s, "GET / HTTP/1.1\r\nBad Header Line\r\n\r\n", 400, "Malformed");
        }
    }

    @Test
    void contentLengthWithTransferEncodingGets400() throws Exception {
        try (Served s = serve(Settings.builder())) {
            assertRejected(s, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nabc\r\n0\r\n\r\n", 400, "Content-Length and Transfer-Encoding");
        }
    }

    @Test
    void differingContentLengthsGet400() throws Exception {
        try (Served s = serve(Settings.builder())) {
            assertRejected(s, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400,
                    "Malformed");
        }
    }

    @Test
    void aBadChunkSizeGets400() throws Exception {
        try (Served s = serve(Settings.builder())) {
            assertRejected(s, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", 400,
                    "Malformed");
        }
    }

    @Test
    void connectionsPastTheLimitGet503AndAreClosed() throws Exception {
        try (Served s = serve(Settings.builder().maxConnections(2));
                RawConnection a = s.connect();
                RawConnection b = s.connect()) {
            assertEquals("root", a.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().body());
            assertEquals("root", b.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().body());
            try (RawConnection third = s.connect()) {
                RawConnection.RawResponse r = third.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertEquals(503, r.status());
                assertTrue(r.body().contains("too many connections"), r.body());
                assertTrue(third.closedByServer());
            }
            a.close();
            // A closed connection frees its place: keep trying until the server has noticed the close.
            int status = 0;
            for (int i = 0; i < 50 && status != 200; i++) {
                try (RawConnection again = s.connect()) {
                    status = again.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().status();
                }
            }
            assertEquals(200, status);
        }
    }

    @Test
    void aMalformedQueryGets400WithoutReachingTheApp() throws Exception {
        try (Served s = serve(Settings.builder())) {
            assertRejected(s, "GET /?a=%zz HTTP/1.1\r\nHost: x\r\n\r\n", 400, "query");
        }
    }

    @Test
    void aBadPercentEscapeGets400() throws Exception {
        try (Served s = serve(Settings.builder())) {
            assertRejected(s, "GET /a%zz HTTP/1.1\r\nHost: x\r\n\r\n", 400, "percent");
        }
    }
}
