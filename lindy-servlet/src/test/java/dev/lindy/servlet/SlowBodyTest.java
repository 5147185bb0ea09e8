package dev.lindy.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.Lindy;
import dev.lindy.Settings;
import dev.lindy.test.RawConnection;
import dev.lindy.test.TestHost;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A body trickled forever is cut off at the body timeout in both containers, as on Lindy's own server. */
class SlowBodyTest {

    private static void trickledBodyGets408(Function<App, TestHost> container) throws Exception {
        App app = Lindy.app(Settings.builder().bodyTimeout(Duration.ofMillis(600)).build());
        app.post("/", ctx -> "got " + ctx.request().body().length);
        try (TestHost host = container.apply(app); RawConnection c = RawConnection.to(host)) {
            c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n");
            // One byte every 100 ms would satisfy any idle timeout forever.
            for (int i = 0; i < 50 && !c.hasData(); i++) {
                c.send("x");
                Thread.sleep(100);
            }
            RawConnection.Response r = c.read();
            assertEquals(408, r.status());
            assertTrue(r.body().contains("did not arrive within"), r.body());
        }
    }

    @Test
    void aTrickledBodyGets408_jetty() throws Exception {
        trickledBodyGets408(JettyHost::host);
    }

    @Test
    void aTrickledBodyGets408_tomcat() throws Exception {
        trickledBodyGets408(TomcatHost::host);
    }
}
