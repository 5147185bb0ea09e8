package dev.lindy.netty;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Responder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Request bodies: Content-Length, chunked, and Expect: 100-continue. */
class RequestBodyTest {

    private static App echo() {
        App app = Lindy.app();
        app.post("/echo", ctx -> "got " + ctx.request().bodyText());
        return app;
    }

    @Test
    void aContentLengthBodyIsRead() throws Exception {
        try (Served s = Served.start(echo()); RawConnection c = s.connect()) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
            assertEquals("got hello", c.read().body());
        }
    }

    @Test
    void aChunkedBodyIsRead() throws Exception {
        try (Served s = Served.start(echo()); RawConnection c = s.connect()) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n");
            assertEquals("got hello", c.read().body());
        }
    }

    @Test
    void expectContinueGets100BeforeTheBodyIsSent() throws Exception {
        try (Served s = Served.start(echo()); RawConnection c = s.connect()) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
            RawConnection.RawResponse go = c.read();
            assertEquals(100, go.status());
            c.send("hi");
            RawConnection.RawResponse r = c.read();
            assertEquals(200, r.status());
            assertEquals("got hi", r.body());
        }
    }

    @Test
    void aPipelinedExpectContinueIsAnsweredOnlyWhenItsTurnComes() throws Exception {
        App app = Lindy.app();
        app.async(GET, "/slow", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofMillis(300), () -> respond.send("slow"));
        });
        app.post("/echo", ctx -> "echo " + ctx.request().bodyText());
        try (Served s = Served.start(app); RawConnection c = s.connect()) {
            c.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
            RawConnection.RawResponse first = c.read();
            assertEquals(200, first.status(), "an interim answer overtook the answer before it");
            assertEquals("slow", first.body());
            assertEquals(100, c.read().status());
            assertEquals("echo hi", c.send("hi").read().body());
        }
    }

    @Test
    void aBodyTheServerHoldsBackIsNotTimedOutWhileItWaits() throws Exception {
        // The answer before takes longer than the idle timeout: the client waits for its 100 Continue meanwhile.
        App app = Lindy.app(dev.lindy.Settings.builder().idleTimeout(Duration.ofMillis(500)).build());
        app.async(GET, "/slow", ctx -> {
            Responder respond = ctx.respond();
            ctx.after(Duration.ofMillis(1500), () -> respond.send("slow"));
        });
        app.post("/echo", ctx -> "echo " + ctx.request().bodyText());
        try (Served s = Served.start(app); RawConnection c = s.connect()) {
            c.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertEquals("slow", c.read().body());
            assertEquals(100, c.read().status());
            assertEquals("echo hello", c.send("hello").read().body());
        }
    }

    @Test
    void theServerKeepsServingAfterBadInput() throws Exception {
        try (Served s = Served.start(echo())) {
            try (RawConnection c = s.connect()) {
                assertEquals(400, c.send("NOT HTTP AT ALL\r\n\r\n").read().status());
                assertTrue(c.closedByServer());
            }
            try (RawConnection c = s.connect()) {
                assertEquals("got ok", c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok").read().body());
            }
        }
    }
}
