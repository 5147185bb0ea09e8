package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.RoutingSuite;

/** The routing behaviour suite, in embedded Tomcat. */
class RoutingTomcatTest extends RoutingSuite {
    @Override
    protected TestHost host(App app) {
        return TomcatHost.host(app);
    }
}
