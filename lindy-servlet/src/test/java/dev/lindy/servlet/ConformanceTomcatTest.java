package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.ConformanceSuite;
import java.util.Map;

/** HTTP/1.1 conformance, in embedded Tomcat: what the container does differently is listed, and documented. */
class ConformanceTomcatTest extends ConformanceSuite {
    @Override
    protected TestHost host(App app) {
        return TomcatHost.host(app);
    }

    @Override
    protected Map<String, String> differences() {
        return Map.of(
                "version-garbage", "Tomcat answers 505, not 400, to a malformed version such as HTTP/1",
                "version-minor", "Tomcat answers 505 to HTTP/1.2 rather than serving it as HTTP/1.1 (RFC 9110 2.5: SHOULD serve)",
                "obs-fold", "Tomcat unfolds a folded header line instead of refusing it; the app sees one joined value",
                "te-not-final", "Tomcat answers 501, not 400, when chunked is not the final transfer coding",
                "cl-and-te", "Tomcat reads a body framed by both by its Transfer-Encoding and drops the Content-Length"
                        + " (RFC 9112 6.1 allows it; Lindy's server refuses)");
    }
}
