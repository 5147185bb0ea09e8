package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.InputSuite;

/** The input behaviour suite, in embedded Jetty. */
class InputJettyTest extends InputSuite {
    @Override
    protected TestHost host(App app) {
        return JettyHost.host(app);
    }
}
