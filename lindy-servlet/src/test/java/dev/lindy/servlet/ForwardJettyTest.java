package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.ForwardSuite;

/** The forward behaviour suite, in embedded Jetty. */
class ForwardJettyTest extends ForwardSuite {
    @Override
    protected TestHost host(App app) {
        return JettyHost.host(app);
    }
}
