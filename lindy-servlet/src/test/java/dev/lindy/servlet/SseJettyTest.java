package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.SseSuite;

/** The server-sent events suite, in embedded Jetty. */
class SseJettyTest extends SseSuite {
    @Override
    protected TestHost host(App app) {
        return JettyHost.host(app);
    }
}
