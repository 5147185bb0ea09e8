package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.BodyParamsSuite;

/** The body params behaviour suite, in embedded Tomcat. */
class BodyParamsTomcatTest extends BodyParamsSuite {
    @Override
    protected TestHost host(App app) {
        return TomcatHost.host(app);
    }
}
