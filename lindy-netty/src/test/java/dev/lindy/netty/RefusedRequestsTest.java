package dev.lindy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import dev.lindy.spi.Exchange;
import dev.lindy.spi.ExchangeHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Requests the server answers itself, before the app sees them, still reach the app's access log: the
 * status, the bytes and the request line when there is one to trust.
 */
class RefusedRequestsTest {
    /** What the server told the app it refused. */
    record Refusal(InetSocketAddress remote, String line, int status, long bytes) {
    }

    private static final class Recording implements ExchangeHandler {
        final BlockingQueue<Refusal> refused = new LinkedBlockingQueue<>();
        final ExchangeHandler app;

        Recording(ExchangeHandler app) {
            this.app = app;
        }

        @Override
        public void handle(Exchange exchange) {
            app.handle(exchange);
        }

        @Override
        public void refused(InetSocketAddress remote, String line, int status, long bytes) {
            refused.add(new Refusal(remote, line, status, bytes));
        }

        Refusal next() throws InterruptedException {
            Refusal r = refused.poll(10, TimeUnit.SECONDS);
            if (r == null) {
                throw new AssertionError("nothing refused within 10 s");
            }
            return r;
        }
    }

    /** The app, with an access log that throws at every refusal. */
    private static ExchangeHandler failingToLog(App app, Throwable failure) {
        return new ExchangeHandler() {
            @Override
            public void handle(Exchange exchange) {
                app.handler().handle(exchange);
            }

            @Override
            public void refused(InetSocketAddress remote, String line, int status, long bytes) {
                if (failure instanceof Error) {
                    throw (Error) failure;
                }
                throw (RuntimeException) failure;
            }
        };
    }

    @Test
    void anAppThatFailsToTakeNoteOfARefusalStillLetsTheClientHaveIt() throws Exception {
        for (boolean overLimit : new boolean[] {false, true}) {
            App app = Lindy.app(Settings.builder().maxConnections(overLimit ? 1 : 100).build());
            app.get("/", ctx -> "root");
            ExchangeHandler failing = failingToLog(app, new IllegalStateException("a broken access log"));
            NettyServer server = NettyServer.start(failing, app.settings().newBuilder().host("127.0.0.1").port(0).build());
            try {
                if (overLimit) {
                    try (RawConnection one = new RawConnection(server.port())) {
                        assertEquals("root", one.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().body());
                        try (RawConnection two = new RawConnection(server.port())) {
                            assertEquals(503, two.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
                        }
                    }
                } else {
                    try (RawConnection c = new RawConnection(server.port())) {
                        assertEquals(400, c.send("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").read().status());
                    }
                }
            } finally {
                server.stop(Duration.ofSeconds(1));
                app.stop();
            }
        }
    }

    @Test
    void eachRefusalIsToldWithItsStatusBytesAndRequestLine() throws Exception {
        App app = Lindy.app(Settings.builder().maxBodyBytes(1024).build());
        app.post("/", ctx -> "posted");
        Recording recording = new Recording(app.handler());
        NettyServer server = NettyServer.start(recording,
                app.settings().newBuilder().host("127.0.0.1").port(0).build());
        try {
            try (RawConnection c = new RawConnection(server.port())) {
                RawConnection.RawResponse r = c.send("POST /up?x=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 2048\r\n\r\n").read();
                assertEquals(413, r.status());
                Refusal tooLarge = recording.next();
                assertEquals(new Refusal(tooLarge.remote(), "POST /up?x=1 HTTP/1.1", 413, r.body().length()), tooLarge);
                assertEquals("127.0.0.1", tooLarge.remote().getHostString());
            }
            try (RawConnection c = new RawConnection(server.port())) {
                assertEquals(400, c.send("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").read().status());
                Refusal twoHosts = recording.next();
                assertEquals("GET / HTTP/1.1", twoHosts.line());
                assertEquals(400, twoHosts.status());
            }
            try (RawConnection c = new RawConnection(server.port())) {
                assertEquals(400, c.send("GET / HTTP/1.1\r\nBad Header Line\r\n\r\n").read().status());
                Refusal malformed = recording.next();
                assertNull(malformed.line(), "a head that did not parse gives no line to trust");
                assertEquals(400, malformed.status());
            }
        } finally {
            server.stop(Duration.ofSeconds(1));
            app.stop();
        }
    }

    @Test
    void aConnectionPastTheLimitIsTold() throws Exception {
        App app = Lindy.app(Settings.builder().maxConnections(1).build());
        app.get("/", ctx -> "root");
        Recording recording = new Recording(app.handler());
        NettyServer server = NettyServer.start(recording,
                app.settings().newBuilder().host("127.0.0.1").port(0).build());
        try (RawConnection one = new RawConnection(server.port())) {
            assertEquals("root", one.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().body());
            try (RawConnection two = new RawConnection(server.port())) {
                assertEquals(503, two.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
            }
            Refusal overloaded = recording.next();
            assertEquals(503, overloaded.status());
            assertNull(overloaded.line());
        } finally {
            server.stop(Duration.ofSeconds(1));
            app.stop();
        }
    }

    @Test
    void aRequestPipelinedBehindARefusalIsNeitherTakenNorTimedOut() throws Exception {
        App app = Lindy.app(Settings.builder().bodyTimeout(Duration.ofMillis(300)).idleTimeout(Duration.ofMillis(300)).build());
        app.post("/", ctx -> "posted");
        Recording recording = new Recording(app.handler());
        NettyServer server = NettyServer.start(recording,
                app.settings().newBuilder().host("127.0.0.1").port(0).build());
        try (RawConnection c = new RawConnection(server.port())) {
            // The second request's body never comes: were it read, its body timeout would refuse it too.
            c.send("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\nPOST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n");
            assertEquals(400, c.read().status());
            assertTrue(c.closedByServer());
            assertEquals(400, recording.next().status());
            assertNull(recording.refused.poll(1500, TimeUnit.MILLISECONDS), "a request after the refusal was refused too");
        } finally {
            server.stop(Duration.ofSeconds(1));
            app.stop();
        }
    }

    @Test
    void anErrorFromTheAccessLogOnATimeoutEndsThatConnectionOnlyAndTheOthersStillTimeOut() throws Exception {
        // One event loop, so that every connection here is watched by the same sweep.
        App app = Lindy.app(Settings.builder().headerTimeout(Duration.ofMillis(300)).ioThreads(1).build());
        app.get("/", ctx -> "root");
        ExchangeHandler failing = failingToLog(app, new LinkageError("a broken access log"));
        NettyServer server = NettyServer.start(failing, app.settings().newBuilder().host("127.0.0.1").port(0).build());
        // A kept-alive connection stays open throughout, so the event loop always has connections to watch.
        try (RawConnection idle = new RawConnection(server.port())) {
            assertEquals("root", idle.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().body());
            for (int i = 0; i < 2; i++) {
                try (RawConnection c = new RawConnection(server.port())) {
                    c.send("GET / HTTP/1.1\r\nHost: x\r\n");
                    assertEquals(408, c.read().status());
                    assertTrue(c.closedByServer(), "a head that never ended kept connection " + i + " open");
                }
            }
            try (RawConnection c = new RawConnection(server.port())) {
                assertEquals("root", c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().body());
            }
        } finally {
            server.stop(Duration.ofSeconds(1));
            app.stop();
        }
    }
}
