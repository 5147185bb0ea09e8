package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.PluginSuite;

/** The plugin behaviour suite, in embedded Jetty. */
class PluginJettyTest extends PluginSuite {
    @Override
    protected TestHost host(App app) {
        return JettyHost.host(app);
    }
}
