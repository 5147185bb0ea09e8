package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.HubSuite;

/** The hub behaviour suite, on the embedded Netty server. */
class HubNettyTest extends HubSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.netty(app);
    }
}
