package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.HubSuite;

/** The hub behaviour suite, in embedded Jetty. */
class HubJettyTest extends HubSuite {
    @Override
    protected TestHost host(App app) {
        return JettyHost.host(app);
    }

    @Override
    protected boolean noticesIdleDepartures() {
        return false;
    }
}
