package dev.lindy.test.suite;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lindy.App;
import dev.lindy.test.LindyExtension;
import dev.lindy.test.PendingResponse;
import dev.lindy.test.TestHost;
import dev.lindy.test.TestRequest;
import dev.lindy.test.TestResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The base of Lindy's behaviour suites: each test builds a throwaway app and hosts it on the host under
 * test, which a concrete subclass chooses. Hosts are closed after every test, pass or fail.
 */
@ExtendWith(LindyExtension.class)
public abstract class HostedSuite {
    private final List<TestHost> hosts = new ArrayList<>();

    /** Creates the suite. */
    protected HostedSuite() {
    }

    /**
     * Hosts an app on the host under test.
     *
     * @param app the app, not started
     * @return the running host
     */
    protected abstract TestHost host(App app);

    /**
     * Hosts an app for the current test; it is closed after the test.
     *
     * @param app the app
     * @return the running host
     */
    protected final TestHost serve(App app) {
        TestHost host = host(app);
        hosts.add(host);
        return host;
    }

    /**
     * Asserts a Content-Type, comparing media types: hosts may differ in the spaces around {@code ;}.
     *
     * @param expected the expected media type
     * @param actual the header value received
     */
    protected static void assertMediaType(String expected, String actual) {
        org.junit.jupiter.api.Assertions.assertEquals(normal(expected), actual == null ? null : normal(actual),
                "Content-Type " + actual);
    }

    private static String normal(String mediaType) {
        return mediaType.replaceAll("\\s*;\\s*", "; ").toLowerCase(Locale.ROOT);
    }

    /**
     * Waits for what only a garbage collection can bring about (a dropped responder noticed), collecting
     * until it happens, 20 s at most, then checks it completed normally.
     *
     * @param outcome completes when the effect is seen
     * @param failure the message if it never is
     * @throws Exception if waiting fails
     */
    protected static void awaitWithCollections(CompletableFuture<?> outcome, String failure) throws Exception {
        for (int i = 0; i < 80 && !outcome.isDone(); i++) {
            System.gc();
            try {
                outcome.get(250, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // Not yet: collect again.
            }
        }
        assertTrue(outcome.isDone(), failure);
        assertNull(outcome.handle((v, e) -> e).get());
    }

    /**
     * Sends a request, lets time pass (on the virtual clock in process; real time passes anyway on a real
     * server), and waits for the answer.
     *
     * @param host the host
     * @param request the request, not yet sent
     * @param time how much time the answer needs
     * @return the response
     */
    protected static TestResponse elapse(TestHost host, TestRequest request, Duration time) {
        PendingResponse pending = request.sendAsync();
        host.elapse(time);
        return pending.await();
    }

    @AfterEach
    final void closeHosts() {
        hosts.forEach(TestHost::close);
        hosts.clear();
    }
}
