package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.SessionSuite;

/** The session behaviour suite, on the embedded Netty server over TLS with HTTP/2. */
class SessionHttp2Test extends SessionSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.https(app, true);
    }
}
