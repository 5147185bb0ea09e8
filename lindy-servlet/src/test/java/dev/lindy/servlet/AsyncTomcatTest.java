package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.AsyncSuite;

/** The async behaviour suite, in embedded Tomcat. */
class AsyncTomcatTest extends AsyncSuite {
    @Override
    protected TestHost host(App app) {
        return TomcatHost.host(app);
    }

    @Override
    protected boolean noticesIdleDisconnect() {
        return false;
    }
}
