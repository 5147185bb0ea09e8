package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.PluginSuite;

/** The plugin behaviour suite, on the embedded Netty server. */
class PluginNettyTest extends PluginSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.netty(app);
    }
}
