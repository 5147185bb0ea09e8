package dev.lindy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lindy.test.PendingResponse;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SynopsisTest {
    // The example that opens lindy-test/README.md.
    @Test
    void timerAnswersAfterOneVirtualSecond() {
        try (TestHost host = TestHost.inProcess(Synopsis.app())) {
            PendingResponse pending = host.client().get("/timer").sendAsync();
            host.clock().advance(Duration.ofSeconds(1));
            assertEquals("foo!", pending.await().text());
        }
    }

    @Test
    void blockingRedirectsToTimerOnTheRealServer() {
        try (TestHost host = TestHost.netty(Synopsis.app())) {
            TestResponse r = host.client().get("/blocking").send();
            assertEquals(302, r.status());
            assertEquals("http://127.0.0.1:" + host.port() + "/timer", r.header("Location"));
            assertEquals("foo!", host.client().followRedirects(true).get("/blocking").send().text());
        }
    }
}
