package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.RoutingSuite;

/** The routing behaviour suite, on the embedded Netty server. */
class RoutingNettyTest extends RoutingSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.netty(app);
    }
}
