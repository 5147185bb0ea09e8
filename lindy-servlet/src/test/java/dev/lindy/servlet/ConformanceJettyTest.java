package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.ConformanceSuite;
import java.util.Map;

/** HTTP/1.1 conformance, in embedded Jetty: what the container does differently is listed, and documented. */
class ConformanceJettyTest extends ConformanceSuite {
    @Override
    protected TestHost host(App app) {
        return JettyHost.host(app);
    }

    @Override
    protected Map<String, String> differences() {
        return Map.of(
                "version-garbage", "Jetty answers 505, not 400, to a malformed version such as HTTP/1",
                "version-minor", "Jetty answers 505 to HTTP/1.2 rather than serving it as HTTP/1.1 (RFC 9110 2.5: SHOULD serve)",
                "version-major", "Jetty answers 426 Upgrade Required, not 505, to HTTP/2.0 on an HTTP/1 connection",
                "expect-http10", "Jetty sends 100 Continue to an HTTP/1.0 client when the body is read (RFC 9110 10.1.1: ignore it)");
    }
}
