package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.ErrorSuite;

/** The error behaviour suite, in embedded Tomcat. */
class ErrorTomcatTest extends ErrorSuite {
    @Override
    protected TestHost host(App app) {
        return TomcatHost.host(app);
    }
}
