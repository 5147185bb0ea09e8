package @@package@@;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.test.PendingResponse;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The app in process, on a virtual clock: no port, no waiting. */
class MainTest {
    @Test
    void theHomePageIsRenderedInItsLayout() {
        try (TestHost host = TestHost.inProcess(Main.app())) {
            TestResponse r = host.client().get("/").send();
            assertEquals(200, r.status());
            assertTrue(r.text().contains("<title>@@name@@</title>"), r.text());
            assertTrue(r.text().contains("<h1>@@name@@</h1>"), r.text());
        }
    }

    @Test
    void theStylesheetIsServedFromPublic() {
        try (TestHost host = TestHost.inProcess(Main.app())) {
            TestResponse r = host.client().get("/css/style.css").send();
            assertEquals(200, r.status());
            assertTrue(r.header("Content-Type").startsWith("text/css"), r.header("Content-Type"));
        }
    }

    @Test
    void theAsyncRouteAnswersWhenItsSecondHasPassed() {
        try (TestHost host = TestHost.inProcess(Main.app())) {
            PendingResponse pending = host.client().get("/later").sendAsync();
            host.elapse(Duration.ofSeconds(1));
            assertEquals("Answered a second later, from a timer.", pending.await().text());
        }
    }
}
