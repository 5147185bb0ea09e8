package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.HubSuite;

/** The hub behaviour suite, in embedded Tomcat. */
class HubTomcatTest extends HubSuite {
    @Override
    protected TestHost host(App app) {
        return TomcatHost.host(app);
    }

    @Override
    protected boolean noticesIdleDepartures() {
        return false;
    }
}
