package dev.lindy.servlet;

import dev.lindy.App;
import dev.lindy.test.TestHost;
import dev.lindy.test.suite.PluginSuite;

/** The plugin behaviour suite, in embedded Tomcat. */
class PluginTomcatTest extends PluginSuite {
    @Override
    protected TestHost host(App app) {
        return TomcatHost.host(app);
    }
}
