package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.JsonSuite;

/** The json behaviour suite, in embedded Jetty. */
class JsonJettyTest extends JsonSuite {
    @Override
    protected TestHost host(App app) {
        return JettyHost.host(app);
    }
}
