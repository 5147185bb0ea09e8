package dev.lindy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import org.junit.jupiter.api.Test;

/**
 * A header line folded onto the one before is refused however the head's bytes are split between reads, and
 * nothing else is taken for a fold: spaces inside a value, line breaks before a request line.
 */
class HeaderFoldTest {
    private static final String FOLDED = "GET /hello HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n\tb\r\n\r\n";
    private static final String PLAIN = "\r\nGET /hello HTTP/1.1\r\nHost: x\r\nX-Spaced: a \t b\r\nX-Empty:\r\n\r\n";

    private static App app() {
        App app = Lindy.app();
        app.get("/hello", ctx -> "hello " + ctx.request().header("X-Spaced"));
        return app;
    }

    @Test
    void aFoldIsRefusedWhereverTheHeadIsSplit() throws Exception {
        try (Served s = Served.start(app())) {
            for (int split = 1; split < FOLDED.length(); split++) {
                try (RawConnection c = s.connect()) {
                    c.send(FOLDED.substring(0, split)).send(FOLDED.substring(split));
                    assertEquals(400, c.read().status(), "split at " + split);
                    assertTrue(c.closedByServer(), "split at " + split);
                }
            }
        }
    }

    @Test
    void aHeadWithoutAFoldIsServedWhereverItIsSplit() throws Exception {
        try (Served s = Served.start(app())) {
            for (int split = 1; split < PLAIN.length(); split++) {
                try (RawConnection c = s.connect()) {
                    RawConnection.RawResponse r = c.send(PLAIN.substring(0, split)).send(PLAIN.substring(split)).read();
                    assertEquals(200, r.status(), "split at " + split);
                    assertEquals("hello a \t b", r.body(), "split at " + split);
                }
            }
        }
    }

    @Test
    void aFoldInTheSecondOfTwoPipelinedRequestsIsRefusedAfterTheFirstIsAnswered() throws Exception {
        try (Served s = Served.start(app()); RawConnection c = s.connect()) {
            c.send(PLAIN + FOLDED);
            assertEquals(200, c.read().status());
            assertEquals(400, c.read().status());
            assertTrue(c.closedByServer());
        }
    }
}
