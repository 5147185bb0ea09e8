package dev.lindy.netty;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** HTTP/1.1 connection management: keep-alive, pipelining, Connection: close, HTTP/1.0, HEAD, Date. */
class KeepAliveTest {

    private static App app() {
        App app = Lindy.app();
        app.get("/hello", ctx -> "hello");
        app.get("/sized/:n", ctx -> ctx.param("i") + ":" + "x".repeat(Integer.parseInt(ctx.param("n"))));
        app.async(GET, "/after/:ms", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofMillis(Long.parseLong(ctx.param("ms"))), () -> respond.send("after " + ctx.param("ms")));
        });
        return app;
    }

    @Test
    void oneConnectionServesManyRequests() throws Exception {
        try (Served s = Served.start(app()); RawConnection c = s.connect()) {
            for (int i = 0; i < 3; i++) {
                RawConnection.RawResponse r = c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertEquals(200, r.status());
                assertEquals("hello", r.body());
                assertEquals(null, r.header("Connection"));
            }
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (Served s = Served.start(app()); RawConnection c = s.connect()) {
            c.send("GET /after/300 HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /after/0 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("after 300", c.read().body());
            assertEquals("hello", c.read().body());
            assertEquals("after 0", c.read().body());
        }
    }

    @Test
    void manyPipelinedAnswersOfEverySizeArriveWholeAndInOrder() throws Exception {
        // Answers from workers and from timers, of every size: each waits its turn, whole.
        int[] sizes = {0, 5, 6000, 20000, 100, 9000};
        StringBuilder requests = new StringBuilder();
        int count = 60;
        for (int i = 0; i < count; i++) {
            String target = i % 7 == 6 ? "/after/0?i=" + i : "/sized/" + sizes[i % sizes.length] + "?i=" + i;
            requests.append("GET ").append(target).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        try (Served s = Served.start(app()); RawConnection c = s.connect()) {
            c.send(requests.toString());
            for (int i = 0; i < count; i++) {
                RawConnection.RawResponse r = c.read();
                assertEquals(200, r.status());
                String expected = i % 7 == 6 ? "after 0" : i + ":" + "x".repeat(sizes[i % sizes.length]);
                assertEquals(expected, r.body(), "answer " + i);
            }
            assertEquals("hello", c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").read().body());
        }
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        try (Served s = Served.start(app()); RawConnection c = s.connect()) {
            RawConnection.RawResponse r = c.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").read();
            assertEquals("hello", r.body());
            assertEquals("close", r.header("Connection"));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void http10ClosesUnlessAskedToKeepAlive() throws Exception {
        try (Served s = Served.start(app())) {
            try (RawConnection c = s.connect()) {
                RawConnection.RawResponse r = c.send("GET /hello HTTP/1.0\r\n\r\n").read();
                assertTrue(r.statusLine().startsWith("HTTP/1.0 200"), r.statusLine());
                assertEquals("hello", r.body());
                assertTrue(c.closedByServer());
            }
            try (RawConnection c = s.connect()) {
                RawConnection.RawResponse r = c.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
                assertEquals("keep-alive", r.header("Connection"));
                assertEquals("hello", c.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read().body());
            }
        }
    }

    @Test
    void headSendsTheHeadersOfGetAndNoBody() throws Exception {
        try (Served s = Served.start(app()); RawConnection c = s.connect()) {
            RawConnection.RawResponse head = c.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n").read(true);
            assertEquals(200, head.status());
            assertEquals("5", head.header("Content-Length"));
            // Had the server sent a body after the HEAD response, this second response would not parse.
            assertEquals("hello", c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").read().body());
        }
    }

    @Test
    void everyResponseCarriesADateHeader() throws Exception {
        try (Served s = Served.start(app()); RawConnection c = s.connect()) {
            String date = c.send("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n").read().header("Date");
            assertNotNull(date);
            assertTrue(date.endsWith(" GMT"), date);
        }
    }

    @Test
    void anUnknownMethodGets501AndTheConnectionStaysUsable() throws Exception {
        try (Served s = Served.start(app()); RawConnection c = s.connect()) {
            RawConnection.RawResponse r = c.send("BREW /hello HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(501, r.status());
            assertEquals("hello", c.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n").read().body());
        }
    }

    @Test
    void methodsAreCaseSensitiveSoLowerCaseGetIsNotImplemented() throws Exception {
        try (Served s = Served.start(app()); RawConnection c = s.connect()) {
            RawConnection.RawResponse r = c.send("get /hello HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(501, r.status());
            assertTrue(r.body().contains("get is not a method"), r.body());
        }
    }

    /**
     * An answer given at once (its write deferred to the end of the read) to a client that reads it slowly,
     * for longer than the idle timeout: the connection is not idle while the answer is still going out. (Its
     * idle time starts once the answer is in the kernel's hands, whose buffers may hold megabytes: a second
     * request sent a second after the last byte is read may find it closed, as keep-alive allows.)
     */
    @Test
    void aLargeAnswerReadSlowlyIsNotCutAtTheIdleTimeout() throws Exception {
        App app = Lindy.app(dev.lindy.Settings.builder().idleTimeout(Duration.ofSeconds(1)).build());
        byte[] big = new byte[8 << 20];
        java.util.Arrays.fill(big, (byte) 'x');
        app.async(GET, "/big", ctx -> ctx.respond().send(dev.lindy.http.Response.of(200,
                dev.lindy.http.Headers.of("Content-Type", "application/octet-stream"), big)));
        try (Served s = Served.start(app); java.net.Socket sock = new java.net.Socket()) {
            // A small receive window, chosen before connecting, keeps most of the answer in the server.
            sock.setReceiveBufferSize(64 * 1024);
            sock.connect(new java.net.InetSocketAddress("127.0.0.1", s.port()));
            sock.setSoTimeout(10_000);
            java.io.OutputStream out = sock.getOutputStream();
            java.io.DataInputStream in = new java.io.DataInputStream(sock.getInputStream());
            out.write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            long length = -1;
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Long.parseLong(line.substring(15).trim());
                }
            }
            assertEquals(big.length, length);
            byte[] buf = new byte[64 * 1024];
            long body = 0;
            long started = System.nanoTime();
            // About 2 MiB a second: four seconds for the whole answer, four idle timeouts.
            while (body < length) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, length - body));
                assertTrue(n > 0, "the connection closed after " + body + " bytes of a body of " + length);
                body += n;
                long wait = started + body * 1_000_000_000L / (2 << 20) - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        }
    }

    private static String readLine(java.io.DataInputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new java.io.EOFException("the connection closed within a head");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
