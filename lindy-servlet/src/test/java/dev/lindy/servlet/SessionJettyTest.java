package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.SessionSuite;

/** The session behaviour suite, in embedded Jetty. */
class SessionJettyTest extends SessionSuite {
    @Override
    protected TestHost host(App app) {
        return JettyHost.host(app);
    }
}
