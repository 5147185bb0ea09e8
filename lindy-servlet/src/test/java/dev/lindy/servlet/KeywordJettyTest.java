package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.KeywordSuite;

/** The keyword behaviour suite, in embedded Jetty. */
class KeywordJettyTest extends KeywordSuite {
    @Override
    protected TestHost host(App app) {
        return JettyHost.host(app);
    }
}
