package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.StreamingSuite;

/** The streaming behaviour suite, in embedded Jetty. */
class StreamingJettyTest extends StreamingSuite {
    @Override
    protected TestHost host(App app) {
        return JettyHost.host(app);
    }

    @Override
    protected boolean abortsVisibly() {
        return false;
    }
}
