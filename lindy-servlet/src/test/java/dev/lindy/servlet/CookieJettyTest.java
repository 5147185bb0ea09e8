package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.CookieSuite;

/** The cookie behaviour suite, in embedded Jetty. */
class CookieJettyTest extends CookieSuite {
    @Override
    protected TestHost host(App app) {
        return JettyHost.host(app);
    }
}
