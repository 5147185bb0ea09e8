package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.ErrorSuite;

/** The error behaviour suite, in embedded Jetty. */
class ErrorJettyTest extends ErrorSuite {
    @Override
    protected TestHost host(App app) {
        return JettyHost.host(app);
    }
}
