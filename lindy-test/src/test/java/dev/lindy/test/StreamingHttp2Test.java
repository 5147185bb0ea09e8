package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.StreamingSuite;

/** The streaming behaviour suite, on the embedded Netty server over TLS with HTTP/2. */
class StreamingHttp2Test extends StreamingSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.https(app, true);
    }
}
