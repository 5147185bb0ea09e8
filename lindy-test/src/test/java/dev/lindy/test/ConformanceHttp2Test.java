package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.ConformanceSuite;

/** The conformance behaviour suite, on the embedded Netty server over TLS with HTTP/2. */
class ConformanceHttp2Test extends ConformanceSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.https(app, true);
    }
}
