package dev.lindy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Idle keep-alive connections and slow headers cannot hold the server forever. */
class TimeoutsTest {

    private static Served serve(Settings.Builder settings) throws Exception {
        App app = Lindy.app(settings.build());
        app.get("/", ctx -> "root");
        return Served.start(app);
    }

    @Test
    void anIdleKeepAliveConnectionIsClosed() throws Exception {
        try (Served s = serve(Settings.builder().idleTimeout(Duration.ofMillis(300))); RawConnection c = s.connect()) {
            assertEquals("root", c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().body());
            assertTrue(c.closedByServer(), "the idle connection stayed open");
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosed() throws Exception {
        try (Served s = serve(Settings.builder().idleTimeout(Duration.ofMillis(300))); RawConnection c = s.connect()) {
            assertTrue(c.closedByServer(), "the silent connection stayed open");
        }
    }

    @Test
    void aBodyThatStopsArrivingGets408AndASlowButSteadyOneIsRead() throws Exception {
        // Pieces come 200 ms apart: far inside the 1 s idle timeout, and all of them well past the header timeout.
        App app = Lindy.app(Settings.builder().idleTimeout(Duration.ofSeconds(1)).headerTimeout(Duration.ofMillis(300)).build());
        app.post("/", ctx -> "got " + ctx.request().bodyText());
        try (Served s = Served.start(app)) {
            try (RawConnection c = s.connect()) {
                c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
                assertEquals(408, c.read().status());
                assertTrue(c.closedByServer());
            }
            try (RawConnection c = s.connect()) {
                c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\n");
                for (String piece : new String[] {"a", "b", "c", "d"}) {
                    Thread.sleep(200);
                    c.send(piece);
                }
                assertEquals("got abcd", c.read().body());
            }
        }
    }

    @Test
    void aBodyTrickledForeverGets408AtTheBodyTimeout() throws Exception {
        // One byte every 100 ms keeps the 1 s idle timeout happy forever; the 600 ms body timeout does not bend.
        App app = Lindy.app(Settings.builder().idleTimeout(Duration.ofSeconds(1)).bodyTimeout(Duration.ofMillis(600)).build());
        app.post("/", ctx -> "got " + ctx.request().bodyText());
        try (Served s = Served.start(app); RawConnection c = s.connect()) {
            c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n");
            long start = System.nanoTime();
            RawConnection.RawResponse r = null;
            for (int i = 0; i < 200 && r == null; i++) {
                c.send("x");
                Thread.sleep(100);
                if (c.hasData()) {
                    r = c.read();
                }
            }
            assertTrue(r != null, "the trickled body was never cut off");
            assertEquals(408, r.status());
            assertTrue(r.body().contains("did not arrive within"), r.body());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
        }
    }

    @Test
    void aBodyTimeoutWaitsItsTurnBehindAnAnswerInFlight() throws Exception {
        App app = Lindy.app(Settings.builder().bodyTimeout(Duration.ofMillis(300)).build());
        app.async(dev.lindy.http.Method.GET, "/slow", ctx -> {
            dev.lindy.Responder respond = ctx.respond();
            ctx.after(Duration.ofMillis(800), () -> respond.send("slow answer"));
        });
        try (Served s = Served.start(app); RawConnection c = s.connect()) {
            c.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nPOST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab");
            RawConnection.RawResponse first = c.read();
            assertEquals("slow answer", first.body());
            assertEquals(408, c.read().status());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void headersThatDoNotArriveInTimeGet408() throws Exception {
        try (Served s = serve(Settings.builder().headerTimeout(Duration.ofMillis(300))); RawConnection c = s.connect()) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\n");
            RawConnection.RawResponse r = c.read();
            assertEquals(408, r.status());
            assertTrue(c.closedByServer());
        }
    }
}
