package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.ForwardSuite;

/** The forward behaviour suite, on the embedded Netty server over TLS with HTTP/2. */
class ForwardHttp2Test extends ForwardSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.https(app, true);
    }
}
