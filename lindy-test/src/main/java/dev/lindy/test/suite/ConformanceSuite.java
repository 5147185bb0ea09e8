package dev.lindy.test.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.test.RawConnection;
import dev.lindy.test.TestHost;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP/1.1 as RFC 9110 and RFC 9112 say a server must read it, tried from outside over a raw socket:
 * each rule its own test. A request the rules refuse gets its status and, where the framing can no longer
 * be trusted, a closed connection; the server keeps serving others.
 */
public abstract class ConformanceSuite extends HostedSuite {
    private TestHost host;

    /** Creates the suite; a subclass names the host it runs on. */
    protected ConformanceSuite() {
    }

    @BeforeEach
    final void start() {
        App app = Lindy.app();
        app.get("/", ctx -> "home " + ctx.request().version());
        app.post("/echo", ctx -> "got " + ctx.request().bodyLength());
        app.get("/fields", ctx -> ctx.cookie("s") + " " + ctx.request().header("X-Token") + " " + ctx.request().header("User-Agent")
                + " " + ctx.request().header("Accept") + " " + ctx.request().header("Authorization"));
        host = serve(app);
        Assumptions.assumeFalse(host.hasVirtualClock(), "conformance is about bytes on a socket");
    }

    /**
     * Returns the rules this host's server is known to apply differently, each with what it does instead;
     * those tests are skipped with that reason. Lindy's own server has none.
     *
     * @return rule names ({@code version-garbage}, {@code version-minor}, {@code version-major},
     *     {@code expect-http10}, {@code obs-fold}, {@code te-not-final}, {@code cl-and-te}) to what differs
     */
    protected Map<String, String> differences() {
        return Map.of();
    }

    private void rule(String name) {
        String difference = differences().get(name);
        Assumptions.assumeTrue(difference == null, difference);
    }

    /** Sends raw bytes and reads one answer; the connection is closed afterwards. */
    private RawConnection.Response exchange(String raw) throws IOException {
        try (RawConnection c = RawConnection.to(host)) {
            return c.send(raw).read();
        }
    }

    /** Sends raw bytes, expects an answer of a status, then the connection closed by the server. */
    private void refusedAndClosed(String raw, int status) throws IOException {
        try (RawConnection c = RawConnection.to(host)) {
            RawConnection.Response r = c.send(raw).read();
            assertEquals(status, r.status(), raw + "\n" + r);
            assertTrue(c.closedByServer(), "the connection stays open after refusing:\n" + raw);
        }
        stillServing();
    }

    private void stillServing() throws IOException {
        assertEquals(200, exchange("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status());
    }

    // ---- Host (RFC 9112 3.2) ---------------------------------------------------------------------------

    @Test
    void anHttp11RequestWithoutHostIs400() throws IOException {
        refusedAndClosed("GET / HTTP/1.1\r\n\r\n", 400);
    }

    @Test
    void twoHostFieldsAre400() throws IOException {
        refusedAndClosed("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400);
    }

    @Test
    void anInvalidHostIs400() throws IOException {
        for (String host : new String[] {"a b", "user@a", "a:99999", "a:port", "a, b", "[::1", "a/b"}) {
            refusedAndClosed("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n", 400);
        }
    }

    @Test
    void anHttp10RequestMayGoWithoutHost() throws IOException {
        assertEquals("home HTTP/1.0", exchange("GET / HTTP/1.0\r\n\r\n").body());
    }

    // ---- versions (RFC 9110 2.5, RFC 9112 2.3) ---------------------------------------------------------

    @Test
    void aHigherMinorVersionIsServedAsHttp11() throws IOException {
        rule("version-minor");
        RawConnection.Response r = exchange("GET / HTTP/1.2\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(200, r.status());
        assertTrue(r.statusLine().startsWith("HTTP/1.1 "), r.statusLine());
    }

    @Test
    void anotherMajorVersionIs505() throws IOException {
        rule("version-major");
        for (String version : new String[] {"HTTP/2.0", "HTTP/3.0"}) {
            refusedAndClosed("GET / " + version + "\r\nHost: x\r\n\r\n", 505);
        }
    }

    @Test
    void aGarbageVersionIs400() throws IOException {
        rule("version-garbage");
        for (String version : new String[] {"HTTP/1", "HTTQ/1.1", "HTTP/1.1x", "http/1.1", "HTTP/01.1"}) {
            refusedAndClosed("GET / " + version + "\r\nHost: x\r\n\r\n", 400);
        }
    }

    // ---- methods (RFC 9110 9.1) ------------------------------------------------------------------------

    @Test
    void methodsAreCaseSensitiveAndUnknownOnesAre501() throws IOException {
        assertEquals(501, exchange("get / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status());
        assertEquals(501, exchange("BREW / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status());
        stillServing();
    }

    // ---- framing (RFC 9112 6) --------------------------------------------------------------------------

    // RFC 9112 6.1: a coding the server does not understand is a 501 (it reads only chunked).
    @Test
    void aTransferCodingOtherThanChunkedIs501() throws IOException {
        for (String coding : new String[] {"gzip, chunked", "deflate, chunked", "identity, chunked"}) {
            refusedAndClosed("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + coding + "\r\n\r\n0\r\n\r\n", 501);
        }
    }

    // RFC 9112 6.3: without chunked as the final coding the body's length is unknown: 400, a MUST.
    @Test
    void chunkedThatIsNotTheFinalCodingIs400() throws IOException {
        rule("te-not-final");
        for (String coding : new String[] {"chunked, gzip", "chunked, chunked", "gzip", "deflate", "identity"}) {
            refusedAndClosed("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + coding + "\r\n\r\n0\r\n\r\n", 400);
        }
    }

    @Test
    void transferEncodingInAnHttp10RequestIs400() throws IOException {
        refusedAndClosed("POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 400);
    }

    @Test
    void contentLengthWithTransferEncodingIs400() throws IOException {
        rule("cl-and-te");
        refusedAndClosed("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n0\r\n\r\n", 400);
    }

    @Test
    void differingContentLengthsAre400() throws IOException {
        refusedAndClosed("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400);
    }

    @Test
    void anInvalidChunkSizeIs400() throws IOException {
        refusedAndClosed("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", 400);
    }

    @Test
    void aBareLineFeedInChunkedFramingIs400() throws IOException {
        refusedAndClosed("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\n0\n\n", 400);
    }

    @Test
    void obsoleteLineFoldingIs400() throws IOException {
        rule("obs-fold");
        refusedAndClosed("GET / HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n", 400);
    }

    @Test
    void aFoldInAPipelinedRequestIsRefusedToo() throws IOException {
        rule("obs-fold");
        try (RawConnection c = RawConnection.to(host)) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nab\r\n"
                    + "GET / HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n\tb\r\n\r\n");
            assertEquals("got 4", c.read().body());
            assertEquals(400, c.read().status());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void aWellFramedChunkedBodyIsRead() throws IOException {
        assertEquals("got 5", exchange("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").body());
    }

    @Test
    void anHttp10ClientGetsNoInterim100Continue() throws IOException {
        rule("expect-http10");
        try (RawConnection c = RawConnection.to(host)) {
            RawConnection.Response r = c.send("POST /echo HTTP/1.0\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\nabc").read();
            assertEquals(200, r.status(), r.toString());
            assertEquals("got 3", r.body());
        }
    }

    // ---- field values (RFC 9110 5.5) -------------------------------------------------------------------

    @Test
    void aFieldValueIsReadAsSentEvenWhenItDiffersFromThePreviousRequestsOnlyInCase() throws IOException {
        try (RawConnection c = RawConnection.to(host)) {
            for (String v : new String[] {"abcXYZ", "ABCxyz", "abcxyz", "abcXYZ"}) {
                RawConnection.Response r = c.send("GET /fields HTTP/1.1\r\nHost: x\r\nCookie: s=" + v + "\r\nX-Token: " + v
                        + "\r\nUser-Agent: " + v + "\r\nAccept: text/" + v + "\r\nAuthorization: Bearer " + v + "\r\n\r\n").read();
                assertEquals(v + " " + v + " " + v + " text/" + v + " Bearer " + v, r.body(), "a value came back as an earlier request's");
            }
        }
    }
}
