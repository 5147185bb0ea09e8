package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.JsonSuite;

/** The json behaviour suite, in embedded Tomcat. */
class JsonTomcatTest extends JsonSuite {
    @Override
    protected TestHost host(App app) {
        return TomcatHost.host(app);
    }
}
