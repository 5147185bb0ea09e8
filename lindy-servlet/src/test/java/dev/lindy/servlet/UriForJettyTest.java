package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.UriForSuite;

/** The uri for behaviour suite, in embedded Jetty. */
class UriForJettyTest extends UriForSuite {
    @Override
    protected TestHost host(App app) {
        return JettyHost.host(app);
    }
}
