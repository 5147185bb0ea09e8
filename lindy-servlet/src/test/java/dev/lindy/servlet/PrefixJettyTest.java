package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.PrefixSuite;

/** The prefix behaviour suite, in embedded Jetty. */
class PrefixJettyTest extends PrefixSuite {
    @Override
    protected TestHost host(App app) {
        return JettyHost.host(app);
    }
}
