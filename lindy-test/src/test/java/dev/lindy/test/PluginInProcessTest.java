package dev.lindy.test;

import dev.lindy.App;
import dev.lindy.test.suite.PluginSuite;

/** The plugin behaviour suite, in process. */
class PluginInProcessTest extends PluginSuite {
    @Override
    protected TestHost host(App app) {
        return TestHost.inProcess(app);
    }
}
