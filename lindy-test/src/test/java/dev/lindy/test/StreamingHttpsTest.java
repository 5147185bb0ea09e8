package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.StreamingSuite;

/** The streaming behaviour suite, on the embedded Netty server over TLS with HTTP/1.1. */
class StreamingHttpsTest extends StreamingSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.https(app, false);
    }
}
