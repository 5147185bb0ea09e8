package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.ForwardSuite;

/** The forward behaviour suite, on the embedded Netty server. */
class ForwardNettyTest extends ForwardSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.netty(app);
    }
}
