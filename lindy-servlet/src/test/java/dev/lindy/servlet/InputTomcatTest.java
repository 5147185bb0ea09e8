package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.InputSuite;

/** The input behaviour suite, in embedded Tomcat. */
class InputTomcatTest extends InputSuite {
    @Override
    protected TestHost host(App app) {
        return TomcatHost.host(app);
    }
}
