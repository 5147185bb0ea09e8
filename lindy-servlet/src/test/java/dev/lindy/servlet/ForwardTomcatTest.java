package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.ForwardSuite;

/** The forward behaviour suite, in embedded Tomcat. */
class ForwardTomcatTest extends ForwardSuite {
    @Override
    protected TestHost host(App app) {
        return TomcatHost.host(app);
    }
}
