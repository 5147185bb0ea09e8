package dev.lindy.internal;

import static dev.lindy.http.Method.GET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The watchdog names the route whose async code holds an event loop, and shows where it is stuck. */
class WatchdogTest {

    @Test
    void anAsyncHandlerThatBlocksTheLoopIsReportedWithItsRouteAndWhereItIsStuck() throws Exception {
        String log = logOf(Settings.builder().blockedLoopThreshold(Duration.ofMillis(50)).build());
        assertTrue(log.contains("the async handler of GET /sleepy has held event loop"), log);
        assertTrue(log.contains("Thread.sleep"), log);
    }

    @Test
    void theWatchdogIsOnInDevelopmentModeAndOffOtherwise() throws Exception {
        assertEquals(Duration.ofMillis(100), Settings.builder().development(true).build().blockedLoopThreshold());
        assertEquals(Duration.ZERO, Settings.defaults().blockedLoopThreshold());
        assertFalse(logOf(Settings.defaults()).contains("has held event loop"));
    }

    private static String logOf(Settings settings) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        App app = Lindy.app(settings);
        FakeExchange exchange = new FakeExchange("/sleepy");
        try {
            app.async(GET, "/sleepy", ctx -> {
                // What a newcomer writes: a blocking sleep inside an async handler.
                Thread.sleep(600);
                ctx.respond().send("late");
            });
            app.handler().handle(exchange);
            for (int i = 0; i < 100 && exchange.responds.get() == 0; i++) {
                Thread.sleep(100);
            }
            assertEquals(1, exchange.responds.get());
            return buffer.toString(StandardCharsets.UTF_8);
        } finally {
            System.setErr(original);
            app.stop();
            exchange.shutdown();
        }
    }
}
