package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.PrefixSuite;

/** The prefix behaviour suite, in embedded Tomcat. */
class PrefixTomcatTest extends PrefixSuite {
    @Override
    protected TestHost host(App app) {
        return TomcatHost.host(app);
    }
}
