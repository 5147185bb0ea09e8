package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.AsyncSuite;

/** The async behaviour suite, in embedded Jetty. */
class AsyncJettyTest extends AsyncSuite {
    @Override
    protected TestHost host(App app) {
        return JettyHost.host(app);
    }

    @Override
    protected boolean noticesIdleDisconnect() {
        return false;
    }
}
