package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.StreamingSuite;

/** The streaming behaviour suite, in embedded Tomcat. */
class StreamingTomcatTest extends StreamingSuite {
    @Override
    protected TestHost host(App app) {
        return TomcatHost.host(app);
    }

    @Override
    protected boolean abortsVisibly() {
        return false;
    }
}
