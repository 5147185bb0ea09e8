package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.RoutingSuite;

/** The routing behaviour suite, in embedded Jetty. */
class RoutingJettyTest extends RoutingSuite {
    @Override
    protected TestHost host(App app) {
        return JettyHost.host(app);
    }
}
