package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.SessionSuite;

/** The session behaviour suite, on the embedded Netty server. */
class SessionNettyTest extends SessionSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.netty(app);
    }
}
